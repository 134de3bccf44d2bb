using System.Runtime.InteropServices;

namespace RobotEdge.Vision.Interop;

/// <summary>
/// The C ABI of <c>librobotedge_opencv.so</c> (Native/opencv_bridge/robotedge_opencv.h): one entry
/// per function, blittable arguments only, so a call marshals nothing and allocates nothing.
/// Every function returns an <see cref="OpenCvStatus"/>; callers turn failures into exceptions with
/// <see cref="OpenCvException.ThrowIfFailed"/>.
/// </summary>
internal static unsafe partial class OpenCvNative
{
    private const string Library = "robotedge_opencv";

    [LibraryImport(Library, EntryPoint = "reb_last_error")]
    internal static partial int LastError(byte* buffer, int capacity);

    [LibraryImport(Library, EntryPoint = "reb_set_threads")]
    internal static partial int SetThreads(int threads);

    [LibraryImport(Library, EntryPoint = "reb_opencv_version")]
    internal static partial int OpenCvVersion();

    [LibraryImport(Library, EntryPoint = "reb_capture_open_device", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int CaptureOpenDevice(string path, int width, int height, double fps, string? fourcc, out nint capture);

    [LibraryImport(Library, EntryPoint = "reb_capture_open_url", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int CaptureOpenUrl(string url, out nint capture);

    [LibraryImport(Library, EntryPoint = "reb_capture_info_get")]
    internal static partial int CaptureInfo(nint capture, out CaptureInfoNative info);

    [LibraryImport(Library, EntryPoint = "reb_capture_read")]
    internal static partial int CaptureRead(nint capture, byte* bgr, int width, int height, int stride, double* positionMs);

    [LibraryImport(Library, EntryPoint = "reb_capture_rewind")]
    internal static partial int CaptureRewind(nint capture);

    [LibraryImport(Library, EntryPoint = "reb_capture_close")]
    internal static partial void CaptureClose(nint capture);

    [LibraryImport(Library, EntryPoint = "reb_writer_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int WriterOpen(string path, string fourcc, double fps, int width, int height, out nint writer);

    [LibraryImport(Library, EntryPoint = "reb_writer_write")]
    internal static partial int WriterWrite(nint writer, byte* bgr, int width, int height, int stride);

    [LibraryImport(Library, EntryPoint = "reb_writer_close")]
    internal static partial void WriterClose(nint writer);

    [LibraryImport(Library, EntryPoint = "reb_blob_from_image")]
    internal static partial int BlobFromImage(byte* bgr, int width, int height, int stride, int outWidth, int outHeight,
        double scale, double* mean3, int swapRb, float* output);

    [LibraryImport(Library, EntryPoint = "reb_image_size", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ImageSize(string path, out int width, out int height);

    [LibraryImport(Library, EntryPoint = "reb_image_read", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ImageRead(string path, byte* bgr, int width, int height, int stride);

    [LibraryImport(Library, EntryPoint = "reb_image_write", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ImageWrite(string path, byte* bgr, int width, int height, int stride);

    [LibraryImport(Library, EntryPoint = "reb_jpeg_encode")]
    internal static partial int JpegEncode(byte* bgr, int width, int height, int stride, int quality, byte* output, int capacity, out int length);

    [LibraryImport(Library, EntryPoint = "reb_jpeg_decode")]
    internal static partial int JpegDecode(byte* jpeg, int length, byte* bgr, int width, int height, int stride);

    [LibraryImport(Library, EntryPoint = "reb_letterbox_tensor")]
    internal static partial int LetterboxTensor(byte* bgr, int width, int height, int stride, int contentWidth, int contentHeight,
        int padX, int padY, int tensorWidth, int tensorHeight, int nearest, int* sourceChannel, float* scale, float* bias,
        byte* scratch, float* tensor);

    [LibraryImport(Library, EntryPoint = "reb_find_chessboard")]
    internal static partial int FindChessboard(byte* bgr, int width, int height, int stride, int columns, int rows, float* corners);

    [LibraryImport(Library, EntryPoint = "reb_calibrate_camera")]
    internal static partial int CalibrateCamera(float* objectPoints, float* imagePoints, int views, int pointsPerView,
        int width, int height, int flags, double* cameraMatrix, double* distortion, double* rmsPx);

    [LibraryImport(Library, EntryPoint = "reb_solve_pnp")]
    internal static partial int SolvePnp(double* objectPoints, double* imagePoints, int count, double* cameraMatrix,
        double* distortion, int method, int useGuess, double sigmaPx, double* rvec, double* tvec, double* rmsPx, double* covariance);
}
