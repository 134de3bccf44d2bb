// Video files from BGR24 frames through cv::VideoWriter (FFmpeg backend): test and demo videos.
#include <opencv2/videoio.hpp>

#include <cstring>

#include "bridge_common.h"

struct reb_writer {
  cv::VideoWriter writer;
  int32_t width;
  int32_t height;
};

extern "C" int32_t reb_writer_open(const char* path, const char* fourcc, double fps, int32_t width, int32_t height,
                                   reb_writer** writer) {
  return reb::guard("open writer", [&]() -> int32_t {
    if (path == nullptr || fourcc == nullptr || writer == nullptr)
      return reb::fail(REB_E_ARGUMENT, "open writer: null argument");
    if (std::strlen(fourcc) != 4)
      return reb::fail(REB_E_ARGUMENT, std::string("open writer: fourcc '") + fourcc + "' is not four characters");
    if (fps <= 0 || width <= 0 || height <= 0)
      return reb::fail(REB_E_ARGUMENT, "open writer: fps and size must be positive");
    *writer = nullptr;
    auto* handle = new reb_writer{cv::VideoWriter(), width, height};
    int code = cv::VideoWriter::fourcc(fourcc[0], fourcc[1], fourcc[2], fourcc[3]);
    if (code == cv::VideoWriter::fourcc('M', 'J', 'P', 'G')) {
      // OpenCV's own MJPEG encoder takes a quality setting (FFmpeg's writer refuses it): the highest.
      std::vector<int> params{cv::VIDEOWRITER_PROP_QUALITY, 100};
      handle->writer.open(std::string(path), cv::CAP_OPENCV_MJPEG, code, fps, cv::Size(width, height), params);
    } else {
      handle->writer.open(std::string(path), cv::CAP_FFMPEG, code, fps, cv::Size(width, height));
    }
    if (!handle->writer.isOpened()) {
      delete handle;
      return reb::fail(REB_E_OPEN, std::string("open writer: cannot write ") + path + " with codec " + fourcc);
    }
    *writer = handle;
    return REB_OK;
  });
}

extern "C" int32_t reb_writer_write(reb_writer* writer, const uint8_t* bgr, int32_t width, int32_t height, int32_t stride) {
  return reb::guard("write frame", [&]() -> int32_t {
    if (writer == nullptr) return reb::fail(REB_E_ARGUMENT, "write frame: null writer");
    int32_t status = reb::check_image("write frame", bgr, width, height, stride);
    if (status != REB_OK) return status;
    if (width != writer->width || height != writer->height)
      return reb::fail(REB_E_SIZE, "write frame: frame size differs from the size the writer was opened with");
    writer->writer.write(reb::wrap_bgr(bgr, width, height, stride));
    return REB_OK;
  });
}

extern "C" void reb_writer_close(reb_writer* writer) {
  reb::guard("close writer", [&]() -> int32_t {
    if (writer != nullptr) writer->writer.release();
    delete writer;
    return REB_OK;
  });
}
