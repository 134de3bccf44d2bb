// C ABI of RobotEdge's OpenCV bridge. Every function returns a status code (REB_OK = 0, or a negative
// REB_E_* value); on failure reb_last_error() gives this thread's message. No C++ exception crosses
// this boundary. Handles are opaque and owned by the caller until passed to the matching *_close.
// Buffers are caller-owned: the bridge never keeps a pointer to one past the call.
#ifndef ROBOTEDGE_OPENCV_H
#define ROBOTEDGE_OPENCV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define REB_API __attribute__((visibility("default")))

enum {
  REB_OK = 0,
  REB_END = 1,              /* capture: the stream has ended (not an error) */
  REB_E_ARGUMENT = -1,      /* a null pointer, a bad size, an unknown option */
  REB_E_OPEN = -2,          /* a device, file or URL could not be opened */
  REB_E_SIZE = -3,          /* a frame's size differs from the caller's buffer */
  REB_E_OPENCV = -4,        /* OpenCV raised cv::Exception */
  REB_E_INTERNAL = -5,      /* any other C++ exception */
  REB_E_NOT_FOUND = -6,     /* calibration: no chessboard in the image */
};

/* Copies this thread's last error message (NUL-terminated, truncated to capacity). Returns its length. */
REB_API int32_t reb_last_error(char* buffer, int32_t capacity);

/* Sets OpenCV's worker-thread count for the whole process (cv::setNumThreads; 1 keeps every kernel
   on the calling thread, 0 uses none); returns the count in effect. */
REB_API int32_t reb_set_threads(int32_t threads);

/* OpenCV's version as major*10000 + minor*100 + patch. */
REB_API int32_t reb_opencv_version(void);

/* ---- capture ------------------------------------------------------------------------------ */
typedef struct reb_capture reb_capture;

typedef struct reb_capture_info {
  int32_t width;            /* frame width actually delivered, pixels */
  int32_t height;           /* frame height, pixels */
  double fps;               /* nominal rate, frames per second (0 when unknown) */
  double frame_count;       /* frames in a file (0 or negative when unknown: devices, streams) */
  char backend[32];         /* the OpenCV backend that opened it ("V4L2", "FFMPEG") */
} reb_capture_info;

/* Opens a V4L2 device (e.g. "/dev/video0") asking for width×height at fps; fourcc is four
   characters ("MJPG", "YUYV") or NULL for the driver's default. */
REB_API int32_t reb_capture_open_device(const char* path, int32_t width, int32_t height, double fps,
                                         const char* fourcc, reb_capture** capture);

/* Opens a video file or a network stream (rtsp://, http://) through the FFmpeg backend. */
REB_API int32_t reb_capture_open_url(const char* url, reb_capture** capture);

REB_API int32_t reb_capture_info_get(reb_capture* capture, reb_capture_info* info);

/* Grabs the next frame and decodes it as BGR24 straight into bgr (height rows of stride bytes),
   which must match the stream's size. position_ms receives CAP_PROP_POS_MSEC: the driver's buffer
   timestamp for V4L2, the presentation time for files (NaN when the backend has none).
   Returns REB_OK, REB_END at the end of a file, or an error. */
REB_API int32_t reb_capture_read(reb_capture* capture, uint8_t* bgr, int32_t width, int32_t height,
                                  int32_t stride, double* position_ms);

/* Seeks a file back to its first frame. */
REB_API int32_t reb_capture_rewind(reb_capture* capture);

REB_API void reb_capture_close(reb_capture* capture);

/* ---- writer ------------------------------------------------------------------------------- */
typedef struct reb_writer reb_writer;

/* Opens a video file for BGR24 frames: "MJPG" (.avi) through OpenCV's own MJPEG encoder at quality
   100, any other fourcc through the FFmpeg backend, e.g. "FFV1" (lossless, .mkv). */
REB_API int32_t reb_writer_open(const char* path, const char* fourcc, double fps, int32_t width, int32_t height,
                                 reb_writer** writer);
REB_API int32_t reb_writer_write(reb_writer* writer, const uint8_t* bgr, int32_t width, int32_t height, int32_t stride);
REB_API void reb_writer_close(reb_writer* writer);

/* ---- dnn::blobFromImage, for comparison with RobotEdge's own preprocessing ------------------- */
/* Writes blobFromImage(bgr, scale, (out_width, out_height), mean, swap_rb, crop=false) into out,
   a caller buffer of 3*out_height*out_width floats (NCHW, N = 1). The output Mat wraps out, so
   OpenCV allocates no output. */
REB_API int32_t reb_blob_from_image(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride,
                                     int32_t out_width, int32_t out_height, double scale, const double* mean3,
                                     int32_t swap_rb, float* out);

/* ---- letterbox into a model's input tensor -------------------------------------------------- */
/* Resizes the BGR24 image to content_width×content_height (bilinear, or nearest with half-pixel
   centres), and writes tensor channel c = source_channel[c] · scale[c] + bias[c] into the content
   rectangle at (pad_x, pad_y) of an NCHW float tensor of tensor_width×tensor_height (N = 1). The
   border is not touched. scratch: 6 · content_width · content_height caller-owned bytes. */
REB_API int32_t reb_letterbox_tensor(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride,
                                      int32_t content_width, int32_t content_height, int32_t pad_x, int32_t pad_y,
                                      int32_t tensor_width, int32_t tensor_height, int32_t nearest,
                                      const int32_t* source_channel, const float* scale, const float* bias,
                                      uint8_t* scratch, float* tensor);

/* ---- still images ------------------------------------------------------------------------ */
/* The size of the image in path (any format imread decodes). */
REB_API int32_t reb_image_size(const char* path, int32_t* width, int32_t* height);
/* Decodes path as BGR24 into bgr, which must be the image's size. */
REB_API int32_t reb_image_read(const char* path, uint8_t* bgr, int32_t width, int32_t height, int32_t stride);
/* Encodes a BGR24 image into path; the format follows the extension (.png is lossless). */
REB_API int32_t reb_image_write(const char* path, const uint8_t* bgr, int32_t width, int32_t height, int32_t stride);

/* JPEG in memory (the edge wire's compressed-frame option). Encodes a BGR24 image at quality 1..100
   into output (capacity bytes); length receives the encoded size. REB_E_SIZE when it does not fit. */
REB_API int32_t reb_jpeg_encode(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride, int32_t quality,
                                uint8_t* output, int32_t capacity, int32_t* length);
/* Decodes a JPEG of exactly width×height into bgr. REB_E_OPENCV when the bytes are not a JPEG,
   REB_E_SIZE when its size differs. */
REB_API int32_t reb_jpeg_decode(const uint8_t* jpeg, int32_t length, uint8_t* bgr, int32_t width, int32_t height,
                                int32_t stride);

/* ---- calibration -------------------------------------------------------------------------- */
/* Finds the inner corners of a chessboard with columns×rows inner corners in a BGR24 image,
   refined to sub-pixel; corners receives columns*rows (x, y) pairs, row by row.
   Returns REB_OK, REB_E_NOT_FOUND, or an error. */
REB_API int32_t reb_find_chessboard(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride,
                                     int32_t columns, int32_t rows, float* corners);

/* calibrateCamera over views, each with the same points_per_view board points (object_points:
   points_per_view (x, y, z) triples, metres or any unit; image_points: views*points_per_view (x, y)
   pairs). flags: OpenCV CALIB_* flags. Outputs camera_matrix (3x3 row-major), distortion (5:
   k1 k2 p1 p2 k3) and the RMS reprojection error in pixels. */
REB_API int32_t reb_calibrate_camera(const float* object_points, const float* image_points, int32_t views,
                                      int32_t points_per_view, int32_t width, int32_t height, int32_t flags,
                                      double* camera_matrix, double* distortion, double* rms_px);

/* ---- pose from points --------------------------------------------------------------------- */
/* solvePnP(object_points (count (x,y,z)), image_points (count (u,v)), camera_matrix 3x3 row-major,
   distortion (5 or NULL), method: OpenCV SOLVEPNP_* id), refined with Levenberg–Marquardt.
   use_guess: rvec/tvec hold an initial guess. On success rvec/tvec hold the object's pose in the
   camera frame (Rodrigues vector, translation), rms_px the reprojection RMS, and covariance (6x6
   row-major over rx ry rz tx ty tz) = sigma_px^2 (JᵀJ)⁻¹ from the projection Jacobian. */
REB_API int32_t reb_solve_pnp(const double* object_points, const double* image_points, int32_t count,
                               const double* camera_matrix, const double* distortion, int32_t method,
                               int32_t use_guess, double sigma_px, double* rvec, double* tvec,
                               double* rms_px, double* covariance);

#ifdef __cplusplus
}
#endif
#endif
