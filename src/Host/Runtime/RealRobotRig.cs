using Microsoft.Extensions.Logging;
using RobotEdge.Bus.Actuation;
using RobotEdge.Bus.Clocks;
using RobotEdge.Control.Buses;
using RobotEdge.Perception.Models;
using RobotEdge.Perception.Offload;
using RobotEdge.RobotModel.Config;
using RobotEdge.Vision.Capture;

namespace RobotEdge.Host.Runtime;

/// <summary>
/// One real robot: a <see cref="RobotRig"/> on the real clock whose camera is the OpenCV source
/// <c>camera.source</c> names (a V4L2 device, a video file, an RTSP stream) and whose actuators are the
/// real buses of <c>buses</c> (Dynamixel / Feetech serial servos, MIT motors over SLCAN or
/// SocketCAN), built by <see cref="ActuatorBusFactory"/>. Never touches the simulator. Owns the camera
/// and the buses; disposing the rig closes them after the stages are gone.
/// </summary>
public sealed class RealRobotRig : RobotRig
{
    private readonly OpenCvFrameSource _camera;

    private RealRobotRig(RigStages stages, OpenCvFrameSource camera, IActuatorBus actuators)
        : base(stages, camera, actuators)
    {
        _camera = camera;
        RunSubject = $"{camera.Kind} via OpenCV {camera.Backend}: {camera.Location}";
    }

    /// <inheritdoc />
    public override string RunSubject { get; }

    /// <inheritdoc />
    public override bool StopsBeforeRelease => true;

    /// <summary>
    /// Reads the robot's description and model card, opens its camera and buses, and builds the
    /// stages around them, into locals: when a part fails, what was opened or built is closed before
    /// the exception goes on. Energises nothing (<see cref="RobotRig.Start"/> does).
    /// </summary>
    /// <exception cref="ArgumentException">The camera or a bus is the simulator's (use <c>robotedge sim</c>), or a URI is malformed.</exception>
    /// <exception cref="FileNotFoundException">The camera device or video file, the URDF or the model card is missing.</exception>
    /// <exception cref="IOException">A serial port or CAN interface is missing, not permitted or busy.</exception>
    /// <exception cref="InvalidDataException">The camera's frames have another aspect ratio than robot.json's camera (the same aspect at another size scales the intrinsics, <see cref="CameraRescaling"/>; <paramref name="config"/>'s camera is changed in place), or the model does not load.</exception>
    public static RealRobotRig Build(RobotConfig config, ILoggerFactory loggers, EdgeClientOptions? edge = null)
    {
        CameraSourceSpec spec = CameraSourceSpec.Parse(config.Camera.Source, config.Directory);
        if (spec.Kind == CameraSourceKind.Simulator)
        {
            throw new ArgumentException(
                "camera.source is 'sim', the simulator's camera: give robot.json a real source (v4l2:/dev/video0, file:clip.mkv, rtsp://…), or run robotedge sim");
        }

        RigModel model = RigModel.Load(config);
        foreach (BusGroupLayout group in model.Buses.Groups)
        {
            if (group.Uri.Scheme is BusScheme.Sim or BusScheme.SimDynamixel or BusScheme.SimFeetech or BusScheme.SimSlcan)
            {
                throw new ArgumentException(
                    $"bus '{group.Uri}' is a simulator bus: give robot.json the real bus (dynamixel:/dev/ttyUSB0@1000000, feetech:…, slcan:…, socketcan:can0), or run robotedge sim");
            }
        }

        ModelCard card = PerceptionFactory.LoadCard(config, loggers.CreateLogger("RobotEdge.Rig"));
        OpenCvFrameSource camera = OpenCvFrameSource.Open(spec, config.Camera.Width, config.Camera.Height, config.Camera.Fps);
        IActuatorBus? actuators = null;
        try
        {
            if (camera.Width != config.Camera.Width || camera.Height != config.Camera.Height)
            {
                // Same view at another resolution (footage recorded at 768x576 for a robot calibrated at
                // 640x480): the intrinsics scale exactly; another aspect ratio is refused in one line.
                loggers.CreateLogger("RobotEdge.Rig").LogInformation("{Rescale}", CameraRescaling.ScaleTo(config.Camera, camera.Width, camera.Height, spec.Location));
                model = RigModel.Load(config);
            }

            actuators = ActuatorBusFactory.Create(model.Buses, MonotonicClock.Instance, loggers);
            RigStages stages = RigStages.Build(config, model, card, MonotonicClock.Instance, realTime: true, actuators, loggers, edge);
            return new RealRobotRig(stages, camera, actuators);
        }
        catch
        {
            actuators?.Dispose();
            camera.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    protected override void DisposeDevices()
    {
        _camera.Dispose();
        Actuators.Dispose();
    }
}
