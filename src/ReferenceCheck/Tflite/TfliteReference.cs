using System.Text.Json;
using RobotEdge.ReferenceCheck.Browser;
using RobotEdge.ReferenceCheck.NpmData;
using RobotEdge.ReferenceCheck.Tensors;

namespace RobotEdge.ReferenceCheck.Tflite;

/// <summary>
/// TFLite's own interpreter (the npm package @tensorflow/tfjs-tflite: TFLite's C++ runtime built for
/// WASM) in headless Chromium: loads .tflite files and runs them on given float32 inputs, returning
/// every output. The ground truth the TFLite→ONNX converter is checked against. One browser per
/// instance; models stay loaded until it is disposed. Not thread-safe. Slow (a browser round trip
/// and base64 per run): for tests and tools, never the robot.
/// </summary>
public sealed class TfliteReference : IAsyncDisposable
{
    private readonly ChromiumPage _browser;

    private TfliteReference(ChromiumPage browser) => _browser = browser;

    /// <summary>
    /// Starts Chromium on the reference page; <paramref name="npmData"/> is a node_modules folder
    /// (default: <see cref="ReferenceNpmData.NodeModules"/>).
    /// </summary>
    /// <exception cref="FileNotFoundException">The npm data is missing (the message says to run scripts/bootstrap.sh).</exception>
    public static async Task<TfliteReference> StartAsync(string? npmData = null)
    {
        ChromiumPage browser = await ChromiumPage.StartAsync(npmData ?? ReferenceNpmData.NodeModules(), ChromiumPage.CpuOnlyArgs);
        try
        {
            await browser.OpenAsync("tflite.html");
            bool ready = await browser.Page.EvaluateAsync<bool>("() => typeof window.tflite === 'object' && typeof window.tfliteReference === 'object'");
            if (!ready)
            {
                throw new InvalidOperationException("the TFLite reference page did not load its scripts" + browser.DescribeConsoleErrors());
            }

            return new TfliteReference(browser);
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Loads a .tflite file into TFLite's interpreter.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidOperationException">TFLite refused the model (its message is included).</exception>
    public async Task<TfliteReferenceModel> LoadAsync(string tflitePath)
    {
        string url = _browser.Serve(tflitePath);
        JsonElement loaded;
        try
        {
            loaded = await _browser.Page.EvaluateAsync<JsonElement>("url => window.tfliteReference.load(url)", url);
        }
        catch (Microsoft.Playwright.PlaywrightException error)
        {
            throw new InvalidOperationException($"TFLite could not load {tflitePath}: {FirstLine(error.Message)}{_browser.DescribeConsoleErrors()}", error);
        }

        return new TfliteReferenceModel(this, tflitePath, loaded.GetProperty("handle").GetInt32(),
            Signatures(loaded.GetProperty("inputs")), Signatures(loaded.GetProperty("outputs")));
    }

    public ValueTask DisposeAsync() => _browser.DisposeAsync();

    /// <summary>Runs a loaded model once; see <see cref="TfliteReferenceModel.RunAsync"/>.</summary>
    internal async Task<float[][]> RunAsync(int handle, string modelPath, IReadOnlyList<float[]> inputs)
    {
        string[] encoded = new string[inputs.Count];
        for (int i = 0; i < encoded.Length; i++)
        {
            encoded[i] = Float32Base64.Encode(inputs[i]);
        }

        string[] outputs;
        try
        {
            outputs = await _browser.Page.EvaluateAsync<string[]>("([handle, inputs]) => window.tfliteReference.run(handle, inputs)",
                new object[] { handle, encoded });
        }
        catch (Microsoft.Playwright.PlaywrightException error)
        {
            throw new InvalidOperationException($"TFLite failed to run {modelPath}: {FirstLine(error.Message)}{_browser.DescribeConsoleErrors()}", error);
        }

        var values = new float[outputs.Length][];
        for (int i = 0; i < outputs.Length; i++)
        {
            values[i] = Float32Base64.Decode(outputs[i]);
        }

        return values;
    }

    private static TensorSignature[] Signatures(JsonElement array)
    {
        var signatures = new TensorSignature[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement tensor in array.EnumerateArray())
        {
            int[] shape = tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            signatures[i++] = new TensorSignature(tensor.GetProperty("name").GetString() ?? "", shape, tensor.GetProperty("dataType").GetString() ?? "");
        }

        return signatures;
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOf('\n');
        return end < 0 ? message : message[..end];
    }
}
