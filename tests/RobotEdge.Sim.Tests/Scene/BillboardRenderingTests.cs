using RobotEdge.Bus.Messages;
using RobotEdge.RobotModel.Camera;
using RobotEdge.RobotModel.Geometry;
using RobotEdge.Sim.Rendering;
using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;

namespace RobotEdge.Sim.Tests.Scene;

/// <summary>People as textured billboards: the picture lands where the geometry says, and so does the ground truth.</summary>
public class BillboardRenderingTests
{
    private static readonly PinholeCamera Camera = new(640, 480, 500, 500, 319.5, 239.5);

    /// <summary>Optical Z along base +X, optical X along base −Y, optical Y along base −Z, at the origin.</summary>
    private static readonly Transform3d LookingAlongX = new(new Mat3d(0, 0, 1, -1, 0, 0, 0, -1, 0), Vec3d.Zero);

    /// <summary>A 200 × 250 picture whose colour encodes its own pixel: B = column, G = row / 2 + 1, R = 200.</summary>
    private static PersonPhoto CodedPhoto()
    {
        const int w = 200, h = 250;
        var bgr = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 3;
                bgr[o] = (byte)x;
                bgr[o + 1] = (byte)(y / 2 + 1);
                bgr[o + 2] = 200;
            }
        }

        var alpha = new byte[w * h];
        Array.Fill(alpha, (byte)255);
        return new PersonPhoto(w, h, bgr, alpha);
    }

    private static PersonDefinition StandingAt(double x, double y, double z, double heightM = 1.25) => new()
    {
        Photo = "coded",
        Crop = [0, 0, 200, 250],
        HeightM = heightM,
        Waypoints = [new WaypointDefinition { TimeS = 0, Position = [x, y, z] }],
    };

    private static byte[] Frame() => new byte[Camera.Width * Camera.Height * 3];

    [Fact]
    public void EveryDrawnPixelShowsThePhotoPixelTheGeometryPutsThere()
    {
        // 1.25 m for 250 px at 2.5 m: 0.005 m per photo pixel, 1 photo pixel per image pixel (f = 500).
        var person = new PersonBillboard(StandingAt(2.5, 0.1, -0.05), CodedPhoto());
        byte[] bgr = Frame();
        Assert.True(new BillboardRenderer(Camera).Draw(LookingAlongX.Inverse(), person, 0, bgr));

        int checkedPixels = 0;
        double worst = 0;
        for (int v = 0; v < Camera.Height; v += 7)
        {
            for (int u = 0; u < Camera.Width; u += 7)
            {
                int o = (v * Camera.Width + u) * 3;
                if (bgr[o + 2] != 200 || bgr[o + 1] == 0 || bgr[o] < 2 || bgr[o] > 197 || bgr[o + 1] > 124)
                {
                    continue; // Not the billboard, or on its edge where the photo is clamped.
                }

                // Where the photo pixel that shows here projects to, computed from the geometry alone.
                double photoU = bgr[o] + 0.5, photoV = (bgr[o + 1] - 1) * 2 + 1.0;
                Vec3d p = LookingAlongX.Inverse().TransformPoint(person.PointOf(photoU, photoV, 0));
                Assert.True(Camera.TryProject(p, out double pu, out double pv));
                worst = Math.Max(worst, Math.Abs(pu - u));
                // Rows are coded at half resolution: ±1 photo row, 1 px here.
                Assert.True(Math.Abs(pv - v) <= 1.6, $"row {v}: the photo row drawn there projects to {pv:F2}");
                checkedPixels++;
            }
        }

        Assert.True(checkedPixels > 500, $"only {checkedPixels} billboard pixels were checked");
        Assert.True(worst <= 0.75, $"a column is drawn {worst:F2} px from where it projects");
    }

    [Fact]
    public void ALabelledLandmarkIsFoundInTheImageWhereTheGroundTruthSaysItIs()
    {
        // A grey picture with one red 5 × 5 dot labelled as the nose; the person stands off-axis and
        // turned to face the base origin, so the mapping is a real perspective one.
        const int w = 120, h = 300;
        var bgr = new byte[w * h * 3];
        Array.Fill(bgr, (byte)90);
        var alpha = new byte[w * h];
        Array.Fill(alpha, (byte)255);
        for (int y = 40; y < 45; y++)
        {
            for (int x = 70; x < 75; x++)
            {
                int o = (y * w + x) * 3;
                (bgr[o], bgr[o + 1], bgr[o + 2]) = ((byte)0, (byte)0, (byte)255);
            }
        }

        var photo = new PersonPhoto(w, h, bgr, alpha);
        var labels = new Keypoint[KeypointSet.Capacity];
        labels[(int)BodyLandmark.Nose] = new Keypoint(72.5f, 42.5f, 1f);
        photo.SetLandmarks(labels);
        var definition = new PersonDefinition
        {
            Photo = "dot", Crop = [0, 0, w, h], HeightM = 1.8,
            Waypoints = [new WaypointDefinition { TimeS = 0, Position = [2.2, 0.6, 0.1] }],
        };
        var people = new PeopleInScene([new PersonBillboard(definition, photo)], 0);
        byte[] frame = Frame();
        var truth = default(FrameGroundTruth);

        new SceneRenderer(Camera).Render(LookingAlongX, target: null, 0, frame, ref truth, people);

        double sumU = 0, sumV = 0, weight = 0;
        for (int v = 0; v < Camera.Height; v++)
        {
            for (int u = 0; u < Camera.Width; u++)
            {
                int o = (v * Camera.Width + u) * 3;
                // The background is tinted a little red (up to 14 levels): only the dot's red counts.
                double redness = Math.Max(0, frame[o + 2] - frame[o + 1] - 20);
                sumU += redness * u;
                sumV += redness * v;
                weight += redness;
            }
        }

        Assert.True(weight > 0, "the dot was not drawn");
        (float tu, float tv) = truth.People[0].Landmarks[(int)BodyLandmark.Nose];
        Assert.Equal(1, truth.PersonCount);
        Assert.Equal(sumU / weight, tu, 0.3);
        Assert.Equal(sumV / weight, tv, 0.3);
    }

    [Fact]
    public void TheNearerPersonIsDrawnInFrontWhateverTheScenarioOrder()
    {
        PersonPhoto dark = SolidPhoto(30), light = SolidPhoto(220);
        var far = new PersonBillboard(StandingAt(4.0, 0, 0), dark);
        var near = new PersonBillboard(StandingAt(2.0, 0, 0), light);
        byte[] frame = Frame();
        var truth = default(FrameGroundTruth);

        new SceneRenderer(Camera).Render(LookingAlongX, null, 0, frame, ref truth, new PeopleInScene([near, far], 0));

        int centre = (240 * Camera.Width + 320) * 3;
        Assert.Equal(220, frame[centre]);
    }

    [Fact]
    public void ThePointingErrorIsToTheFollowedPersonsTorsoAndAnAbsentPersonIsNotDrawn()
    {
        PersonPhoto photo = SolidPhoto(250);
        var labels = new Keypoint[KeypointSet.Capacity];
        // Shoulders at row 60, hips at row 140 of a 250-row picture: the torso centre is 25 rows above the middle.
        labels[(int)BodyLandmark.LeftShoulder] = new Keypoint(130, 60, 0.9f);
        labels[(int)BodyLandmark.RightShoulder] = new Keypoint(70, 60, 0.9f);
        labels[(int)BodyLandmark.LeftHip] = new Keypoint(120, 140, 0.9f);
        labels[(int)BodyLandmark.RightHip] = new Keypoint(80, 140, 0.9f);
        photo.SetLandmarks(labels);
        PersonDefinition gone = StandingAt(3.0, -0.5, 0);
        gone.Absent = [new AbsenceDefinition { FromS = 1, ToS = 2 }];
        var other = new PersonBillboard(StandingAt(3.0, 0.5, 0), SolidPhoto(10));
        var followed = new PersonBillboard(gone, photo);
        var truth = default(FrameGroundTruth);
        byte[] frame = Frame();
        var renderer = new SceneRenderer(Camera);

        renderer.Render(LookingAlongX, null, 0.5, frame, ref truth, new PeopleInScene([other, followed], 1));

        // 0.005 m per photo row: 25 rows above the billboard's centre is 0.125 m up.
        Vec3d torso = new(3.0, -0.5, 0.125);
        Assert.Equal(torso.Z, truth.TargetCentre.Z, 1e-9);
        Assert.Equal(Math.Acos(torso.Normalized().X), truth.PointingErrorRad, 1e-9);
        Assert.True(truth.People[1].Present && truth.People[1].TorsoInView);
        Camera.TryProject(LookingAlongX.Inverse().TransformPoint(torso), out double u, out double v);
        Assert.Equal(250, frame[((int)Math.Round(v) * Camera.Width + (int)Math.Round(u)) * 3]);

        renderer.Render(LookingAlongX, null, 1.5, frame, ref truth, new PeopleInScene([other, followed], 1));

        Assert.False(truth.People[1].Present);
        Assert.False(truth.People[1].TorsoInView);
        Assert.NotEqual(250, frame[((int)Math.Round(v) * Camera.Width + (int)Math.Round(u)) * 3]);
        Assert.True(truth.People[0].Present);
    }

    [Fact]
    public void RenderingPeopleAllocatesNothing()
    {
        var people = new PeopleInScene([new PersonBillboard(StandingAt(2.5, 0.3, 0), CodedPhoto()), new PersonBillboard(StandingAt(3.5, -0.3, 0), CodedPhoto())], 0);
        var renderer = new SceneRenderer(Camera);
        byte[] frame = Frame();
        var truth = default(FrameGroundTruth);
        renderer.Render(LookingAlongX, null, 0, frame, ref truth, people);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1; i < 5; i++)
        {
            renderer.Render(LookingAlongX, null, i * 0.033, frame, ref truth, people);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static PersonPhoto SolidPhoto(byte grey)
    {
        var bgr = new byte[200 * 250 * 3];
        Array.Fill(bgr, grey);
        var alpha = new byte[200 * 250];
        Array.Fill(alpha, (byte)255);
        return new PersonPhoto(200, 250, bgr, alpha);
    }
}
