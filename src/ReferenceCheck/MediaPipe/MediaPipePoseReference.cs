using System.Text.Json;
using Microsoft.Playwright;
using RobotEdge.ReferenceCheck.Browser;
using RobotEdge.ReferenceCheck.NpmData;

namespace RobotEdge.ReferenceCheck.MediaPipe;

/// <summary>
/// MediaPipe's own pose solution (the npm package @mediapipe/pose: pose.js with its WASM graph and
/// the same TFLite models) in headless Chromium, WebGL on SwiftShader: images in, its 33 landmarks
/// and world landmarks out. The reference our BlazePose pipeline is compared with. Each image is
/// judged on its own (the graph is reset before it: detection, then landmarks, no tracking).
/// One browser per instance. Not thread-safe; slow: for tests and tools.
/// </summary>
public sealed class MediaPipePoseReference : IAsyncDisposable
{
    /// <summary>How long one image may take before the page is judged stuck (SwiftShader on a loaded 2-core machine is slow).</summary>
    private const int EstimateTimeoutMs = 120_000;

    private readonly ChromiumPage _browser;
    private int _timestampMs;

    private MediaPipePoseReference(ChromiumPage browser, int modelComplexity)
    {
        _browser = browser;
        ModelComplexity = modelComplexity;
    }

    /// <summary>The landmark model: 0 lite, 1 full, 2 heavy (MediaPipe's <c>modelComplexity</c>).</summary>
    public int ModelComplexity { get; }

    /// <summary>
    /// Starts Chromium and MediaPipe's solution with the landmark model <paramref name="modelComplexity"/>
    /// (0 lite, 1 full, 2 heavy); <paramref name="npmData"/> is a node_modules folder (default: found by <see cref="ReferenceNpmData"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="modelComplexity"/> is not 0, 1 or 2.</exception>
    /// <exception cref="InvalidOperationException">The solution did not start (the browser's errors are included).</exception>
    public static async Task<MediaPipePoseReference> StartAsync(int modelComplexity = 0, string? npmData = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(modelComplexity, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(modelComplexity, 2);
        ChromiumPage browser = await ChromiumPage.StartAsync(npmData ?? ReferenceNpmData.NodeModules(), ChromiumPage.SoftwareWebGlArgs);
        try
        {
            await browser.OpenAsync("mediapipe.html");
            try
            {
                await browser.Page.EvaluateAsync<bool>("complexity => window.mediaPipeReference.start(complexity)", modelComplexity);
            }
            catch (PlaywrightException error)
            {
                throw new InvalidOperationException($"MediaPipe's pose solution did not start: {FirstLine(error.Message)}{browser.DescribeConsoleErrors()}", error);
            }

            return new MediaPipePoseReference(browser, modelComplexity);
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>MediaPipe's pose in an image file (JPEG or PNG), or null when it finds nobody.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public async Task<MediaPipePose?> EstimateAsync(string imagePath)
    {
        string url = _browser.Serve(imagePath);
        try
        {
            return await EstimateUrlAsync(url, imagePath);
        }
        finally
        {
            _browser.Forget(url);
        }
    }

    /// <summary>
    /// MediaPipe's pose in an encoded image held in memory (<paramref name="name"/>'s extension, .png
    /// or .jpg, says which codec), or null when it finds nobody.
    /// </summary>
    public async Task<MediaPipePose?> EstimateAsync(string name, byte[] encodedImage)
    {
        string url = _browser.Serve(name, encodedImage);
        try
        {
            return await EstimateUrlAsync(url, name);
        }
        finally
        {
            _browser.Forget(url);
        }
    }

    public ValueTask DisposeAsync() => _browser.DisposeAsync();

    private async Task<MediaPipePose?> EstimateUrlAsync(string url, string label)
    {
        // Timestamps must rise from one send to the next, even across resets.
        _timestampMs += 1000;
        JsonElement answer;
        try
        {
            answer = await _browser.Page.EvaluateAsync<JsonElement>(
                "([url, at, timeoutMs]) => Promise.race([window.mediaPipeReference.estimate(url, at), " +
                "new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))])",
                new object[] { url, _timestampMs, EstimateTimeoutMs });
        }
        catch (PlaywrightException error)
        {
            throw new InvalidOperationException($"MediaPipe failed on {label}: {FirstLine(error.Message)}{_browser.DescribeConsoleErrors()}", error);
        }

        if (answer.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return new MediaPipePose(answer.GetProperty("width").GetInt32(), answer.GetProperty("height").GetInt32(),
            Landmarks(answer.GetProperty("landmarks")), Landmarks(answer.GetProperty("worldLandmarks")));
    }

    private static MediaPipeLandmark[] Landmarks(JsonElement list)
    {
        var landmarks = new MediaPipeLandmark[list.GetArrayLength()];
        int i = 0;
        foreach (JsonElement point in list.EnumerateArray())
        {
            landmarks[i++] = new MediaPipeLandmark(point[0].GetSingle(), point[1].GetSingle(), point[2].GetSingle(), point[3].GetSingle());
        }

        return landmarks;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n');
        return end < 0 ? message : message[..end];
    }
}
