using RobotEdge.Sim.Scenarios;
using RobotEdge.Sim.Scene;
using RobotEdge.Vision.Images;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// Builds a scenario's people for the simulator: reads each photo (OpenCV's codecs), cuts the
/// person's rectangle, applies the background rule, and has the person's landmarks labelled once on
/// the picture (by <paramref name="label"/>, the BlazePose pipeline where the robot has one).
/// Load time only, never on the frame path.
/// </summary>
public static class SimulatedPeople
{
    /// <summary>Where Debian's opencv-doc puts its example images (messi5.jpg, basketball1.png …).</summary>
    public const string OpenCvExamplesFolder = "/usr/share/doc/opencv-doc/examples/data";

    /// <summary>
    /// The scenario's people, or null when it has none.
    /// </summary>
    /// <param name="scenario">The loaded scenario.</param>
    /// <param name="scenarioPath">The scenario file's path (photos are resolved against its folder first).</param>
    /// <param name="label">Labels a picture's landmarks (<see cref="PersonPhoto.SetLandmarks"/>), given the picture and a key naming it (file, rectangle, background rule); null leaves the pictures unlabelled.</param>
    /// <exception cref="FileNotFoundException">A photo is missing (with a hint to install opencv-doc for the example images).</exception>
    /// <exception cref="InvalidDataException">A person's rectangle is not inside their photo, naming the field.</exception>
    public static PeopleInScene? Load(ScenarioDefinition scenario, string scenarioPath, Action<PersonPhoto, string>? label)
    {
        if (scenario.People.Length == 0)
        {
            return null;
        }

        var people = new PersonBillboard[scenario.People.Length];
        for (int i = 0; i < people.Length; i++)
        {
            PersonDefinition definition = scenario.People[i];
            string photoPath = ResolvePhoto(definition.Photo, scenarioPath);
            PersonPhoto photo = Cut(definition, photoPath, scenarioPath, i);
            string background = definition.Background == PersonDefinition.DropBorderColour
                ? $"{definition.Background} {definition.BackgroundTolerance.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
                : definition.Background;
            label?.Invoke(photo, $"{Path.GetFullPath(photoPath)} [{string.Join(", ", definition.Crop)}] {background}");
            people[i] = new PersonBillboard(definition, photo);
        }

        return new PeopleInScene(people, scenario.FollowPerson);
    }

    /// <summary>
    /// The photo's file: as given when absolute, else beside the scenario file, else in
    /// <see cref="OpenCvExamplesFolder"/>.
    /// </summary>
    public static string ResolvePhoto(string photo, string scenarioPath)
    {
        if (Path.IsPathRooted(photo))
        {
            return photo;
        }

        string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".", photo);
        return File.Exists(beside) ? beside : Path.Combine(OpenCvExamplesFolder, photo);
    }

    private static PersonPhoto Cut(PersonDefinition definition, string photoPath, string scenarioPath, int index)
    {
        if (!File.Exists(photoPath))
        {
            throw new FileNotFoundException(
                $"{scenarioPath}: people[{index}].photo: {photoPath} does not exist (the example photos come from Debian's opencv-doc: run scripts/bootstrap.sh)",
                photoPath);
        }

        BgrImage image = BgrImage.Read(photoPath);
        int[] c = definition.Crop;
        if (c[0] + c[2] > image.Width || c[1] + c[3] > image.Height)
        {
            throw new InvalidDataException(
                $"{scenarioPath}: people[{index}].crop: [{string.Join(", ", c)}] is not inside the {image.Width}x{image.Height} photo {photoPath}");
        }

        PersonPhoto photo = PersonPhoto.Cut(image.Width, image.Height, image.Pixels, c[0], c[1], c[2], c[3]);
        if (definition.Background == PersonDefinition.DropBorderColour)
        {
            photo.DropBorderColour(definition.BackgroundTolerance);
        }

        return photo;
    }
}
