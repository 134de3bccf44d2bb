using System.Buffers;
using System.Buffers.Binary;
using MessagePack;
using RobotEdge.Bus.Clocks;
using RobotEdge.Bus.Network;
using RobotEdge.Bus.Network.Protocol;

namespace RobotEdge.Host.Benchmarks.EdgeFuzz;

/// <summary>
/// Makes malformed robot → edge messages from the wire specification (src/Bus/Network/WIRE.md):
/// broken headers, broken MessagePack, values of the wrong type or out of range, and well-formed
/// messages that break a rule of the conversation. Every message is wrong by construction — a
/// request's tensor always has the wrong length, a wrong encoding, non-finite values, another
/// robot's id or a deadline out of reach — so any pose answered to one is a server defect.
/// Requests carry their class in the sequence's top bits (<see cref="ClassOfSequence"/>), so an
/// answer names what it answered. Seeded: the same seed makes the same choices (deadlines are
/// taken from the clock when a message is made). Not thread-safe.
/// </summary>
public sealed class EdgeWireFuzzer
{
    /// <summary>Bits of a request's sequence below its class.</summary>
    private const int ClassShift = 40;

    /// <summary>The classes sent: rare ones (a megabyte each, or a reconnect) at 1 in 5,000 and 5 in 5,000, the others evenly.</summary>
    private readonly FuzzClass[] _common;
    private readonly bool _oversized, _badHello;

    private readonly Random _random;
    private readonly string _robotId;
    private readonly string _otherRobotId;
    private readonly string _modelName;
    private readonly byte[] _pixelTensor;
    private readonly byte[] _nonFiniteTensor;
    private readonly int _maxMessageBytes;
    private long _counter;

    /// <summary>Creates the fuzzer for robot <paramref name="robotId"/> of a server serving <paramref name="modelName"/>.</summary>
    /// <param name="seed">Seed of every choice.</param>
    /// <param name="robotId">The id the fuzzing connection's token belongs to.</param>
    /// <param name="otherRobotId">Another robot's id on the same site.</param>
    /// <param name="modelName">The served model's name.</param>
    /// <param name="tensorValues">Values of the model's input tensor (C×H×W).</param>
    /// <param name="maxMessageBytes">The server's message limit, bytes.</param>
    /// <param name="classes">The classes to send; null: every one.</param>
    public EdgeWireFuzzer(int seed, string robotId, string otherRobotId, string modelName, int tensorValues, int maxMessageBytes = WireCodec.DefaultMaxMessageBytes,
        IReadOnlyCollection<FuzzClass>? classes = null)
    {
        FuzzClass[] chosen = classes is null ? Enum.GetValues<FuzzClass>() : [.. classes.Distinct()];
        _common = chosen.Where(c => c is not (FuzzClass.Oversized or FuzzClass.BadHello)).ToArray();
        _oversized = chosen.Contains(FuzzClass.Oversized);
        _badHello = chosen.Contains(FuzzClass.BadHello);
        if (_common.Length == 0)
        {
            throw new ArgumentException("choose at least one fuzz class besides Oversized and BadHello");
        }

        _random = new Random(seed);
        _robotId = robotId;
        _otherRobotId = otherRobotId;
        _modelName = modelName;
        _maxMessageBytes = maxMessageBytes;
        _pixelTensor = new byte[tensorValues];
        _random.NextBytes(_pixelTensor);
        float[] values = new float[tensorValues];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (i % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
        }

        _nonFiniteTensor = new byte[tensorValues * sizeof(float)];
        Buffer.BlockCopy(values, 0, _nonFiniteTensor, 0, _nonFiniteTensor.Length);
    }

    /// <summary>The class a request's sequence names, or null for a sequence this fuzzer never wrote.</summary>
    public static FuzzClass? ClassOfSequence(long sequence)
    {
        long c = (sequence >> ClassShift) - 1;
        return c >= 0 && c < Enum.GetValues<FuzzClass>().Length ? (FuzzClass)c : null;
    }

    /// <summary>The next malformed message.</summary>
    public FuzzMessage Next()
    {
        // A refused hello costs a reconnect and an oversized message a megabyte: rare.
        int roll = _random.Next(5000);
        FuzzClass c = roll == 0 && _oversized ? FuzzClass.Oversized : roll is > 0 and < 6 && _badHello ? FuzzClass.BadHello : _common[_random.Next(_common.Length)];
        return Make(c);
    }

    /// <summary>A message of class <paramref name="c"/>.</summary>
    public FuzzMessage Make(FuzzClass c)
    {
        switch (c)
        {
            case FuzzClass.BadMagic:
            {
                byte[] wire = BaseMessage();
                wire[_random.Next(2)] ^= (byte)(1 + _random.Next(255));
                return new FuzzMessage(c, wire);
            }

            case FuzzClass.BadVersion:
            {
                byte[] wire = BaseMessage();
                wire[2] = (byte)(WireCodec.Version + 1 + _random.Next(254));
                return new FuzzMessage(c, wire);
            }

            case FuzzClass.BadDirection:
            {
                byte[] wire = BaseMessage();
                wire[3] = _random.Next(2) == 0 ? (byte)2 : (byte)(3 + _random.Next(253));
                return new FuzzMessage(c, wire);
            }

            case FuzzClass.LengthMismatch:
            {
                byte[] wire = BaseMessage();
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(wire.AsSpan(4));
                uint wrong = _random.Next(3) switch { 0 => length + 1 + (uint)_random.Next(1000), 1 => (uint)_random.Next((int)length), _ => uint.MaxValue };
                BinaryPrimitives.WriteUInt32LittleEndian(wire.AsSpan(4), wrong);
                return new FuzzMessage(c, wire);
            }

            case FuzzClass.Truncated:
            {
                byte[] wire = BaseMessage();
                return new FuzzMessage(c, wire[..Math.Max(1, _random.Next(wire.Length))]);
            }

            case FuzzClass.TrailingBytes:
            {
                byte[] wire = BaseMessage();
                byte[] longer = new byte[wire.Length + 1 + _random.Next(16)];
                wire.CopyTo(longer, 0);
                _random.NextBytes(longer.AsSpan(wire.Length));
                BinaryPrimitives.WriteUInt32LittleEndian(longer.AsSpan(4), (uint)(longer.Length - WireCodec.HeaderBytes));
                return new FuzzMessage(c, longer);
            }

            case FuzzClass.RandomPayload:
            {
                byte[] payload = new byte[_random.Next(65)];
                _random.NextBytes(payload);
                return new FuzzMessage(c, WithHeader(payload));
            }

            case FuzzClass.BitFlips:
            {
                byte[] wire = BaseMessage();
                int flips = 1 + _random.Next(4);
                for (int i = 0; i < flips; i++)
                {
                    wire[_random.Next(wire.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return new FuzzMessage(c, wire);
            }

            case FuzzClass.TypeConfusion:
            {
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new MessagePackWriter(buffer);
                writer.WriteArrayHeader(2);
                writer.Write(2 + _random.Next(4)); // every kind but the hello (kinds 2..5)
                int fields = _random.Next(15);
                writer.WriteArrayHeader(fields);
                for (int i = 0; i < fields; i++)
                {
                    WriteRandomValue(ref writer, depth: 0);
                }

                writer.Flush();
                return new FuzzMessage(c, WithHeader(buffer.WrittenSpan.ToArray()));
            }

            case FuzzClass.DeepNesting:
            {
                int depth = WireCodec.MaxNestingDepth + 1 + _random.Next(64);
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new MessagePackWriter(buffer);
                writer.WriteArrayHeader(2);
                writer.Write(2);
                for (int i = 0; i < depth; i++)
                {
                    writer.WriteArrayHeader(1);
                }

                writer.WriteNil();
                writer.Flush();
                return new FuzzMessage(c, WithHeader(buffer.WrittenSpan.ToArray()));
            }

            case FuzzClass.HugeLengths:
            {
                // [2, <a header claiming ~2^31 elements or bytes>] followed by a few bytes only.
                byte marker = _random.Next(4) switch { 0 => 0xdd, 1 => 0xdf, 2 => 0xdb, _ => 0xc6 }; // array32, map32, str32, bin32
                byte[] payload = [0x92, 0x02, marker, 0x7f, 0xff, 0xff, (byte)_random.Next(256), 0x01, 0x02];
                return new FuzzMessage(c, WithHeader(payload));
            }

            case FuzzClass.ForeignRobot:
                return Request(c, _otherRobotId, TensorEncoding.Uint8Pixel, _pixelTensor, DeadlineIn(1_000_000_000));

            case FuzzClass.BadEncoding:
                return Request(c, _robotId, (TensorEncoding)(_random.Next(2) == 0 ? 0 : 3 + _random.Next(1000)), _pixelTensor, DeadlineIn(1_000_000_000));

            case FuzzClass.WrongTensorLength:
            {
                int length = _pixelTensor.Length + (_random.Next(2) == 0 ? -1 - _random.Next(_pixelTensor.Length) : 1 + _random.Next(64));
                return Request(c, _robotId, TensorEncoding.Uint8Pixel, new byte[length], DeadlineIn(1_000_000_000));
            }

            case FuzzClass.NonFiniteTensor:
                return Request(c, _robotId, TensorEncoding.Float32, _nonFiniteTensor, DeadlineIn(1_000_000_000));

            case FuzzClass.PastDeadline:
                return Request(c, _robotId, TensorEncoding.Uint8Pixel, _pixelTensor, _random.Next(2) == 0 ? long.MinValue : DeadlineIn(-1 - _random.Next(1_000_000_000)));

            case FuzzClass.FarDeadline:
                return Request(c, _robotId, TensorEncoding.Uint8Pixel, _pixelTensor, _random.Next(2) == 0 ? long.MaxValue : DeadlineIn(3600L * 1_000_000_000));

            case FuzzClass.BadHealth:
            {
                var health = new RobotHealth { RouteEdge = 10, FramesCommanded = 10, LatencyP50Ms = 20, LatencyP99Ms = 30, SafetyMode = "auto", DeadlineMs = 50 };
                switch (_random.Next(8))
                {
                    case 0: health.LatencyP50Ms = double.NaN; break;
                    case 1: health.LatencyP99Ms = double.PositiveInfinity; break;
                    case 2: health.DeadlineMs = double.NegativeInfinity; break;
                    case 3: health.FramesCommanded = -1 - _random.Next(); break;
                    case 4: health.RouteOnBoard = long.MaxValue; break;
                    case 5: health.DeadlineMisses = 11; break;
                    case 6: health.SafetyMode = "\u001b[31mauto\u0000"; break;
                    default: health.StopCauses = new string('\u0007', 1 + _random.Next(1000)); break;
                }

                return new FuzzMessage(c, WireCodec.Encode(health));
            }

            case FuzzClass.BadStatus:
            {
                double[] bad = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e12];
                var status = new RobotStatus { XM = bad[_random.Next(bad.Length)], YM = _random.Next(2) == 0 ? 1 : double.NaN };
                return new FuzzMessage(c, WireCodec.Encode(status));
            }

            case FuzzClass.UnknownKind:
            {
                var buffer = new ArrayBufferWriter<byte>();
                var writer = new MessagePackWriter(buffer);
                writer.WriteArrayHeader(2);
                writer.Write(_random.Next(2) == 0 ? -1 - _random.Next(1000) : 6 + _random.Next(1000));
                writer.WriteArrayHeader(1);
                writer.Write(_random.Next());
                writer.Flush();
                return new FuzzMessage(c, WithHeader(buffer.WrittenSpan.ToArray()));
            }

            case FuzzClass.TextMessage:
                return new FuzzMessage(c, System.Text.Encoding.UTF8.GetBytes("{\"robotId\":\"" + _robotId + "\",\"sequence\":1}"), Text: true);

            case FuzzClass.Empty:
                return new FuzzMessage(c, []);

            case FuzzClass.Oversized:
            {
                byte[] payload = new byte[_maxMessageBytes + 1 - WireCodec.HeaderBytes + _random.Next(1024)];
                return new FuzzMessage(c, WithHeader(payload));
            }

            case FuzzClass.BadHello:
            {
                var hello = new Hello { ModelName = _modelName, FrameWidth = 640, FrameHeight = 480 };
                switch (_random.Next(4))
                {
                    case 0: hello.ModelName = "not-" + _modelName; break;
                    case 1: hello.FrameWidth = 0; break;
                    case 2: hello.FrameRateHz = double.NaN; break;
                    default: hello.RobotId = _otherRobotId; break;
                }

                return new FuzzMessage(c, WireCodec.Encode(hello), ClosesConnection: true);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(c), c, "no such fuzz class");
        }
    }

    /// <summary>The valid hello this fuzzer's connections open with.</summary>
    public byte[] Hello() => WireCodec.Encode(new Hello { ModelName = _modelName, FrameWidth = 640, FrameHeight = 480 });

    /// <summary>
    /// A message to break: a request whose 16-byte tensor can never be the model's (so no flip
    /// makes it valid), a health report, a status or a clock ping.
    /// </summary>
    private byte[] BaseMessage() => _random.Next(4) switch
    {
        0 => WireCodec.Encode(new RobotHealth { RouteEdge = 5, FramesCommanded = 5, SafetyMode = "auto", DeadlineMs = 50 }),
        1 => WireCodec.Encode(new RobotStatus { XM = 1, YM = 2 }),
        2 => WireCodec.Encode(new ClockPing { RobotSendNs = MonotonicClock.GetTimestampNs() }),
        _ => WireCodec.Encode(new InferRequest
        {
            RobotId = _robotId, Sequence = NextSequence(FuzzClass.BitFlips), DeadlineEdgeNs = DeadlineIn(1_000_000_000),
            Encoding = TensorEncoding.Uint8Pixel, Tensor = _pixelTensor[..16],
        }),
    };

    private FuzzMessage Request(FuzzClass c, string robotId, TensorEncoding encoding, byte[] tensor, long deadlineEdgeNs) =>
        new(c, WireCodec.Encode(new InferRequest
        {
            RobotId = robotId, Sequence = NextSequence(c), CaptureRobotNs = MonotonicClock.GetTimestampNs(), DeadlineEdgeNs = deadlineEdgeNs,
            Encoding = encoding, Tensor = tensor,
        }));

    private long NextSequence(FuzzClass c) => ((long)c + 1) << ClassShift | (_counter++ & ((1L << ClassShift) - 1));

    private static long DeadlineIn(long ns) => MonotonicClock.GetTimestampNs() + ns;

    private static byte[] WithHeader(byte[] payload)
    {
        byte[] wire = new byte[WireCodec.HeaderBytes + payload.Length];
        wire[0] = (byte)'R';
        wire[1] = (byte)'E';
        wire[2] = WireCodec.Version;
        wire[3] = (byte)WireDirection.RobotToEdge;
        BinaryPrimitives.WriteUInt32LittleEndian(wire.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(wire, WireCodec.HeaderBytes);
        return wire;
    }

    private void WriteRandomValue(ref MessagePackWriter writer, int depth)
    {
        switch (_random.Next(depth < 3 ? 11 : 9))
        {
            case 0: writer.WriteNil(); break;
            case 1: writer.Write(_random.Next(2) == 0); break;
            case 2: writer.Write((ulong)_random.NextInt64() * 2 + 1); break;
            case 3: writer.Write(-_random.NextInt64()); break;
            case 4: writer.Write(_random.Next(3) switch { 0 => float.NaN, 1 => float.NegativeInfinity, _ => (float)_random.NextDouble() * 1e30f }); break;
            case 5: writer.Write(_random.Next(3) switch { 0 => double.NaN, 1 => double.PositiveInfinity, _ => -_random.NextDouble() * 1e300 }); break;
            case 6:
            {
                char[] text = new char[_random.Next(33)];
                for (int i = 0; i < text.Length; i++)
                {
                    text[i] = (char)_random.Next(0x20 * (1 + _random.Next(2)) + 0x7f);
                }

                writer.Write(new string(text));
                break;
            }

            case 7:
            {
                byte[] bytes = new byte[_random.Next(33)];
                _random.NextBytes(bytes);
                writer.Write(bytes);
                break;
            }

            case 8:
                if (_random.Next(2) == 0)
                {
                    writer.Write(long.MinValue);
                }
                else
                {
                    writer.Write(ulong.MaxValue);
                }

                break;
            case 9:
            {
                int n = _random.Next(4);
                writer.WriteArrayHeader(n);
                for (int i = 0; i < n; i++)
                {
                    WriteRandomValue(ref writer, depth + 1);
                }

                break;
            }

            default:
            {
                int n = _random.Next(3);
                writer.WriteMapHeader(n);
                for (int i = 0; i < 2 * n; i++)
                {
                    WriteRandomValue(ref writer, depth + 1);
                }

                break;
            }
        }
    }
}
