using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RasterCmdlets.Core.Rasters;

namespace RasterCmdlets.Core.Clustering;

/// <summary>
/// Saves and loads models as JSON, exactly: doubles are written in their shortest round-trip form,
/// so a loaded model labels every pixel as the saved one did.
/// </summary>
public static class KMeansModelFile
{
    private const string Format = "RasterCmdlets.KMeansModel";
    private const int Version = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(KMeansModel model)
    {
        var json = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["k"] = model.K,
            ["bandCount"] = model.BandCount,
            ["dataTypes"] = new JsonArray(model.DataTypes.Select(t => (JsonNode)t.ToString()).ToArray()),
            ["noDataValues"] = JsonSerializer.SerializeToNode(model.NoDataValues.ToArray(), Options),
            ["centres"] = JsonSerializer.SerializeToNode(model.Centres.Select(c => c.ToArray()).ToArray(), Options),
            ["inertia"] = JsonSerializer.SerializeToNode(model.Inertia, Options),
            ["iterations"] = model.Iterations,
            ["converged"] = model.Converged,
            ["seed"] = model.Seed,
            ["method"] = model.Method.ToString(),
        };
        return json.ToJsonString(Options);
    }

    /// <summary>Writes the model atomically, as every output of the module is written.</summary>
    public static void Save(KMeansModel model, string path, bool overwrite, CancellationToken cancellation = default) =>
        OutputFile.Write(path, overwrite, ".json", temporary =>
        {
            File.WriteAllText(temporary, ToJson(model));
            return temporary;
        }, cancellation);

    public static KMeansModel Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new RasterException("ModelFileNotFound", RasterErrorKind.InvalidArgument, $"Cannot find the model file '{path}'.");
        }
        return FromJson(text, path);
    }

    public static KMeansModel FromJson(string text, string source = "the model")
    {
        try
        {
            var json = JsonNode.Parse(text) ?? throw new JsonException("empty document");
            if ((string?)json["format"] != Format)
                throw new JsonException($"not a {Format} file");
            if ((int?)json["version"] is not int version || version > Version)
                throw new JsonException($"version {json["version"]} is newer than this module reads ({Version})");
            var types = Required<string[]>(json, "dataTypes").Select(t => Enum.Parse<RasterDataType>(t)).ToArray();
            var centres = Required<double[][]>(json, "centres");
            var model = new KMeansModel(centres, types, Required<double>(json, "inertia"), Required<int>(json, "iterations"),
                Required<bool>(json, "converged"), Required<int>(json, "seed"), Enum.Parse<KMeansMethod>(Required<string>(json, "method")))
            {
                NoDataValues = Required<double?[]>(json, "noDataValues"),
            };
            if (Required<int>(json, "k") != model.K || Required<int>(json, "bandCount") != model.BandCount)
                throw new JsonException("k or bandCount does not match the centres");
            return model;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new RasterException("InvalidModelFile", RasterErrorKind.InvalidData, $"{source} is not a valid K-means model: {e.Message}");
        }
    }

    private static T Required<T>(JsonNode json, string name) =>
        json[name] is JsonNode node ? node.Deserialize<T>(Options)! : throw new JsonException($"'{name}' is missing");
}
