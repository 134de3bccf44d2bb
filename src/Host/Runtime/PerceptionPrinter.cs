using System.Globalization;
using System.Text;
using RobotEdge.Bus.Frames;
using RobotEdge.Bus.Messages;
using RobotEdge.Perception.Pipeline;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Prints what perception found in each frame, one line per frame (<see cref="PerceptionPrintLevel.Frames"/>):
/// <c>frame 12  3 people  6.1 ms  *#1 box 101,40-180,300 33/33 torso 140.2,160.8 | #2 …</c>, the followed
/// person starred; with <see cref="PerceptionPrintLevel.Landmarks"/> each person also gets a line of
/// <c>name x,y v</c> per found landmark and, where the model gives them, one of world landmarks in
/// metres. Invariant culture. A tool's output: allocates per frame.
/// </summary>
public sealed class PerceptionPrinter : IPerceivedFrameObserver
{
    private readonly Action<string> _write;
    private readonly PerceptionPrintLevel _level;
    private readonly string[] _names;
    private readonly float _minConfidence;
    private readonly StringBuilder _line = new(256);
    private PoseEstimate _person;

    /// <summary>Prints through <paramref name="write"/> (a line each call).</summary>
    /// <param name="write">Where lines go (the console).</param>
    /// <param name="level"><see cref="PerceptionPrintLevel.Frames"/> or <see cref="PerceptionPrintLevel.Landmarks"/>; <see cref="PerceptionPrintLevel.Seconds"/> prints nothing per frame.</param>
    /// <param name="keypointNames">The model card's keypoint names, for the landmark lines.</param>
    /// <param name="minConfidence">Keypoints below this confidence count as not found, 0..1.</param>
    public PerceptionPrinter(Action<string> write, PerceptionPrintLevel level, string[] keypointNames, float minConfidence)
    {
        _write = write;
        _level = level;
        _names = keypointNames;
        _minConfidence = minConfidence;
    }

    /// <inheritdoc />
    public void OnFrame(long index, Frame frame, in PoseEstimate estimate, IPersonList? people, double perceptionMs)
    {
        if (_level == PerceptionPrintLevel.Seconds)
        {
            return;
        }

        int count = people?.PersonCount ?? (estimate.KeypointCount > 0 && AnyFound(estimate) ? 1 : 0);
        _line.Clear();
        _line.Append(CultureInfo.InvariantCulture, $"frame {index}  {count} {(count == 1 ? "person" : "people")}  {perceptionMs:F1} ms");
        for (int i = 0; i < count; i++)
        {
            Person(i, estimate, people);
            _line.Append(i == 0 ? "  " : " | ");
            AppendSummary(_person, followed: _person.TrackId != 0 ? _person.TrackId == estimate.TrackId : i == 0);
        }

        _write(_line.ToString());
        if (_level != PerceptionPrintLevel.Landmarks)
        {
            return;
        }

        for (int i = 0; i < count; i++)
        {
            Person(i, estimate, people);
            _line.Clear();
            _line.Append(CultureInfo.InvariantCulture, $"  #{_person.TrackId} px:");
            for (int k = 0; k < _person.KeypointCount; k++)
            {
                Keypoint p = _person.Keypoints[k];
                if (p.Confidence >= _minConfidence)
                {
                    _line.Append(CultureInfo.InvariantCulture, $" {Name(k)} {p.XPx:F1},{p.YPx:F1} {p.Confidence:F2};");
                }
            }

            _write(_line.ToString());
            if (_person.WorldLandmarkCount > 0)
            {
                _line.Clear();
                _line.Append(CultureInfo.InvariantCulture, $"  #{_person.TrackId} m:");
                for (int k = 0; k < _person.WorldLandmarkCount; k++)
                {
                    WorldLandmark w = _person.WorldLandmarks[k];
                    if (w.Visibility >= _minConfidence)
                    {
                        _line.Append(CultureInfo.InvariantCulture, $" {Name(k)} {w.XM:F3},{w.YM:F3},{w.ZM:F3};");
                    }
                }

                _write(_line.ToString());
            }
        }
    }

    /// <summary>Fills <see cref="_person"/> with person <paramref name="i"/>: from the list, or the estimate itself when there is none.</summary>
    private void Person(int i, in PoseEstimate estimate, IPersonList? people)
    {
        if (people is null)
        {
            _person = estimate;
        }
        else
        {
            people.GetPerson(i, ref _person);
        }
    }

    private void AppendSummary(in PoseEstimate person, bool followed)
    {
        float left = float.MaxValue, top = float.MaxValue, right = float.MinValue, bottom = float.MinValue;
        int found = 0;
        for (int k = 0; k < person.KeypointCount; k++)
        {
            Keypoint p = person.Keypoints[k];
            if (p.Confidence >= _minConfidence)
            {
                found++;
                left = Math.Min(left, p.XPx);
                top = Math.Min(top, p.YPx);
                right = Math.Max(right, p.XPx);
                bottom = Math.Max(bottom, p.YPx);
            }
        }

        _line.Append(followed ? "*#" : "#").Append(person.TrackId);
        if (found == 0)
        {
            _line.Append(CultureInfo.InvariantCulture, $" 0/{person.KeypointCount}");
            return;
        }

        _line.Append(CultureInfo.InvariantCulture, $" box {left:F0},{top:F0}-{right:F0},{bottom:F0} {found}/{person.KeypointCount}");
        if (TryTorsoCentre(person, out float x, out float y))
        {
            _line.Append(CultureInfo.InvariantCulture, $" torso {x:F1},{y:F1}");
        }
    }

    /// <summary>The mean of the found shoulders and hips (BlazePose's 33-landmark topology only).</summary>
    private bool TryTorsoCentre(in PoseEstimate person, out float x, out float y)
    {
        x = y = 0;
        if (person.KeypointCount != KeypointSet.Capacity)
        {
            return false;
        }

        int n = 0;
        foreach (BodyLandmark landmark in (ReadOnlySpan<BodyLandmark>)[BodyLandmark.LeftShoulder, BodyLandmark.RightShoulder, BodyLandmark.LeftHip, BodyLandmark.RightHip])
        {
            Keypoint p = person.Keypoints[(int)landmark];
            if (p.Confidence >= _minConfidence)
            {
                x += p.XPx;
                y += p.YPx;
                n++;
            }
        }

        if (n == 0)
        {
            return false;
        }

        x /= n;
        y /= n;
        return true;
    }

    private bool AnyFound(in PoseEstimate estimate)
    {
        for (int k = 0; k < estimate.KeypointCount; k++)
        {
            if (estimate.Keypoints[k].Confidence >= _minConfidence)
            {
                return true;
            }
        }

        return false;
    }

    private string Name(int k) => k < _names.Length ? _names[k] : k.ToString(CultureInfo.InvariantCulture);
}
