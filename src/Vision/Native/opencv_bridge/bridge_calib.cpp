// Chessboard detection and camera calibration (calib3d).
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "bridge_common.h"

extern "C" int32_t reb_find_chessboard(const uint8_t* bgr, int32_t width, int32_t height, int32_t stride,
                                       int32_t columns, int32_t rows, float* corners) {
  return reb::guard("find chessboard", [&]() -> int32_t {
    int32_t status = reb::check_image("find chessboard", bgr, width, height, stride);
    if (status != REB_OK) return status;
    if (columns < 2 || rows < 2 || corners == nullptr)
      return reb::fail(REB_E_ARGUMENT, "find chessboard: the board needs at least 2x2 inner corners");
    cv::Mat gray;
    cv::cvtColor(reb::wrap_bgr(bgr, width, height, stride), gray, cv::COLOR_BGR2GRAY);
    std::vector<cv::Point2f> found;
    cv::Size pattern(columns, rows);
    bool ok = cv::findChessboardCorners(gray, pattern, found,
                                        cv::CALIB_CB_ADAPTIVE_THRESH | cv::CALIB_CB_NORMALIZE_IMAGE);
    if (!ok || found.size() != static_cast<size_t>(columns * rows))
      return reb::fail(REB_E_NOT_FOUND, "find chessboard: no " + std::to_string(columns) + "x" + std::to_string(rows) +
                                            " board in the image");
    cv::cornerSubPix(gray, found, cv::Size(5, 5), cv::Size(-1, -1),
                     cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 50, 1e-4));
    for (size_t i = 0; i < found.size(); i++) {
      corners[2 * i] = found[i].x;
      corners[2 * i + 1] = found[i].y;
    }
    return REB_OK;
  });
}

extern "C" int32_t reb_calibrate_camera(const float* object_points, const float* image_points, int32_t views,
                                        int32_t points_per_view, int32_t width, int32_t height, int32_t flags,
                                        double* camera_matrix, double* distortion, double* rms_px) {
  return reb::guard("calibrate camera", [&]() -> int32_t {
    if (object_points == nullptr || image_points == nullptr || camera_matrix == nullptr || distortion == nullptr ||
        rms_px == nullptr)
      return reb::fail(REB_E_ARGUMENT, "calibrate camera: null argument");
    if (views < 3 || points_per_view < 4 || width <= 0 || height <= 0)
      return reb::fail(REB_E_ARGUMENT, "calibrate camera: needs at least 3 views of at least 4 points and a positive image size");
    std::vector<cv::Point3f> board(points_per_view);
    for (int i = 0; i < points_per_view; i++)
      board[i] = cv::Point3f(object_points[3 * i], object_points[3 * i + 1], object_points[3 * i + 2]);
    std::vector<std::vector<cv::Point3f>> objects(views, board);
    std::vector<std::vector<cv::Point2f>> images(views);
    for (int v = 0; v < views; v++) {
      images[v].resize(points_per_view);
      for (int i = 0; i < points_per_view; i++) {
        const float* p = image_points + 2 * (static_cast<size_t>(v) * points_per_view + i);
        images[v][i] = cv::Point2f(p[0], p[1]);
      }
    }
    cv::Mat k, d;
    std::vector<cv::Mat> rvecs, tvecs;
    double rms = cv::calibrateCamera(objects, images, cv::Size(width, height), k, d, rvecs, tvecs, flags);
    for (int r = 0; r < 3; r++)
      for (int c = 0; c < 3; c++) camera_matrix[3 * r + c] = k.at<double>(r, c);
    for (int i = 0; i < 5; i++) distortion[i] = i < static_cast<int>(d.total()) ? d.at<double>(i) : 0.0;
    *rms_px = rms;
    return REB_OK;
  });
}
