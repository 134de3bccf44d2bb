// Object pose from 2D–3D correspondences (solvePnP + Levenberg–Marquardt refinement), with the
// pose covariance from the projection Jacobian.
#include <opencv2/calib3d.hpp>

#include <cmath>

#include "bridge_common.h"

extern "C" int32_t reb_solve_pnp(const double* object_points, const double* image_points, int32_t count,
                                 const double* camera_matrix, const double* distortion, int32_t method,
                                 int32_t use_guess, double sigma_px, double* rvec, double* tvec,
                                 double* rms_px, double* covariance) {
  return reb::guard("solvePnP", [&]() -> int32_t {
    if (object_points == nullptr || image_points == nullptr || camera_matrix == nullptr || rvec == nullptr ||
        tvec == nullptr || rms_px == nullptr || covariance == nullptr)
      return reb::fail(REB_E_ARGUMENT, "solvePnP: null argument");
    if (count < 4) return reb::fail(REB_E_ARGUMENT, "solvePnP: needs at least 4 points");
    if (!(sigma_px > 0)) return reb::fail(REB_E_ARGUMENT, "solvePnP: sigma_px must be positive");
    cv::Mat objects(count, 1, CV_64FC3, const_cast<double*>(object_points));
    cv::Mat images(count, 1, CV_64FC2, const_cast<double*>(image_points));
    cv::Mat k(3, 3, CV_64F, const_cast<double*>(camera_matrix));
    cv::Mat d = distortion != nullptr ? cv::Mat(1, 5, CV_64F, const_cast<double*>(distortion)) : cv::Mat();
    cv::Mat r(3, 1, CV_64F, rvec), t(3, 1, CV_64F, tvec);
    if (!cv::solvePnP(objects, images, k, d, r, t, use_guess != 0, method))
      return reb::fail(REB_E_NOT_FOUND, "solvePnP: no solution");
    cv::solvePnPRefineLM(objects, images, k, d, r, t);

    cv::Mat projected, jacobian;
    cv::projectPoints(objects, r, t, k, d, projected, jacobian);
    double sum = 0;
    for (int i = 0; i < count; i++) {
      cv::Vec2d p = projected.at<cv::Vec2d>(i);
      double dx = p[0] - image_points[2 * i], dy = p[1] - image_points[2 * i + 1];
      sum += dx * dx + dy * dy;
    }
    *rms_px = std::sqrt(sum / count);
    // Columns 0..5 of projectPoints' Jacobian are d(u,v)/d(rvec, tvec).
    cv::Mat j = jacobian.colRange(0, 6);
    cv::Mat information = j.t() * j;
    cv::Mat inverse;
    if (cv::invert(information, inverse, cv::DECOMP_SVD) <= 0)
      return reb::fail(REB_E_NOT_FOUND, "solvePnP: the pose is not observable from these points");
    inverse *= sigma_px * sigma_px;
    for (int row = 0; row < 6; row++)
      for (int col = 0; col < 6; col++) covariance[6 * row + col] = inverse.at<double>(row, col);
    return REB_OK;
  });
}
