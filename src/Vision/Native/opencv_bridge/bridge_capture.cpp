// Capture through cv::VideoCapture: V4L2 devices, and files or network streams via FFmpeg.
#include <opencv2/videoio.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "bridge_common.h"

struct reb_capture {
  cv::VideoCapture capture;
};

namespace {

int32_t opened(reb_capture* handle, reb_capture** out, const std::string& what) {
  if (!handle->capture.isOpened()) {
    delete handle;
    return reb::fail(REB_E_OPEN, "cannot open " + what);
  }
  *out = handle;
  return REB_OK;
}

}  // namespace

extern "C" int32_t reb_capture_open_device(const char* path, int32_t width, int32_t height, double fps,
                                           const char* fourcc, reb_capture** capture) {
  return reb::guard("open device", [&]() -> int32_t {
    if (path == nullptr || capture == nullptr) return reb::fail(REB_E_ARGUMENT, "open device: null argument");
    if (fourcc != nullptr && std::strlen(fourcc) != 4)
      return reb::fail(REB_E_ARGUMENT, std::string("open device: fourcc '") + fourcc + "' is not four characters");
    *capture = nullptr;
    auto* handle = new reb_capture();
    // Format, size and rate are set after opening, in that order, which every OpenCV 4 V4L2 backend
    // honours (open-time parameters are not consumed by every backend version).
    handle->capture.open(std::string(path), cv::CAP_V4L2);
    if (handle->capture.isOpened()) {
      if (fourcc != nullptr)
        handle->capture.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc(fourcc[0], fourcc[1], fourcc[2], fourcc[3]));
      if (width > 0) handle->capture.set(cv::CAP_PROP_FRAME_WIDTH, width);
      if (height > 0) handle->capture.set(cv::CAP_PROP_FRAME_HEIGHT, height);
      if (fps > 0) handle->capture.set(cv::CAP_PROP_FPS, fps);
      // A deep driver queue hands out stale frames; keep it short.
      handle->capture.set(cv::CAP_PROP_BUFFERSIZE, 2);
    }
    return opened(handle, capture, std::string("V4L2 device ") + path);
  });
}

extern "C" int32_t reb_capture_open_url(const char* url, reb_capture** capture) {
  return reb::guard("open url", [&]() -> int32_t {
    if (url == nullptr || capture == nullptr) return reb::fail(REB_E_ARGUMENT, "open url: null argument");
    *capture = nullptr;
    auto* handle = new reb_capture();
    handle->capture.open(std::string(url), cv::CAP_FFMPEG);
    return opened(handle, capture, std::string("video ") + url + " through the FFmpeg backend");
  });
}

extern "C" int32_t reb_capture_info_get(reb_capture* capture, reb_capture_info* info) {
  return reb::guard("capture info", [&]() -> int32_t {
    if (capture == nullptr || info == nullptr) return reb::fail(REB_E_ARGUMENT, "capture info: null argument");
    info->width = static_cast<int32_t>(capture->capture.get(cv::CAP_PROP_FRAME_WIDTH));
    info->height = static_cast<int32_t>(capture->capture.get(cv::CAP_PROP_FRAME_HEIGHT));
    info->fps = capture->capture.get(cv::CAP_PROP_FPS);
    info->frame_count = capture->capture.get(cv::CAP_PROP_FRAME_COUNT);
    std::string backend = capture->capture.getBackendName();
    std::memset(info->backend, 0, sizeof(info->backend));
    std::strncpy(info->backend, backend.c_str(), sizeof(info->backend) - 1);
    return REB_OK;
  });
}

extern "C" int32_t reb_capture_read(reb_capture* capture, uint8_t* bgr, int32_t width, int32_t height,
                                    int32_t stride, double* position_ms) {
  return reb::guard("capture read", [&]() -> int32_t {
    if (capture == nullptr) return reb::fail(REB_E_ARGUMENT, "capture read: null capture");
    int32_t status = reb::check_image("capture read", bgr, width, height, stride);
    if (status != REB_OK) return status;
    if (!capture->capture.grab()) return REB_END;
    if (position_ms != nullptr) {
      double pos = capture->capture.get(cv::CAP_PROP_POS_MSEC);
      *position_ms = pos >= 0 ? pos : std::numeric_limits<double>::quiet_NaN();
    }
    // The caller's buffer, wrapped: retrieve() decodes or converts into it when the size and type
    // match (OutputArray::create is then a no-op), so the frame lands in the pooled buffer directly.
    cv::Mat destination = reb::wrap_bgr(bgr, width, height, stride);
    uint8_t* before = destination.data;
    if (!capture->capture.retrieve(destination)) return REB_END;
    if (destination.data != before) {
      return reb::fail(REB_E_SIZE, "capture read: the stream delivers " + std::to_string(destination.cols) + "x" +
                                       std::to_string(destination.rows) + " (type " + std::to_string(destination.type()) +
                                       "), the buffer is " + std::to_string(width) + "x" + std::to_string(height) + " BGR24");
    }
    return REB_OK;
  });
}

extern "C" int32_t reb_capture_rewind(reb_capture* capture) {
  return reb::guard("capture rewind", [&]() -> int32_t {
    if (capture == nullptr) return reb::fail(REB_E_ARGUMENT, "capture rewind: null capture");
    if (!capture->capture.set(cv::CAP_PROP_POS_FRAMES, 0))
      return reb::fail(REB_E_OPEN, "capture rewind: the stream cannot seek");
    return REB_OK;
  });
}

extern "C" void reb_capture_close(reb_capture* capture) {
  reb::guard("capture close", [&]() -> int32_t {
    delete capture;
    return REB_OK;
  });
}
