using Clln.Core.Experiments;
using Clln.Core.Formats;
using Clln.Core.Model;

namespace Clln.Core.Tests.Formats;

/// <summary>A key given twice in one object is an error naming both lines, in every JSON file the project reads.</summary>
public sealed class StrictJsonTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("clln-json-").FullName;

    public void Dispose() => Directory.Delete(_directory, true);

    private const string TwoConductances = """
        {
          "nodes": [
            {"name": "in", "role": "input", "voltage": 1},
            {"name": "gnd", "role": "ground"}
          ],
          "edges": [
            {"name": "r1", "from": "in", "to": "gnd",
             "conductance": 1,
             "conductance": 2}
          ]
        }
        """;

    [Fact]
    public void A_network_with_a_key_given_twice_is_refused_naming_both_lines()
    {
        var error = Assert.Throws<InvalidNetworkException>(() => NetworkJson.Read(TwoConductances, "net.json"));
        Assert.Equal("net.json:9: \"conductance\" given twice (first on line 8)", error.Message);
    }

    [Fact]
    public void The_same_key_in_different_objects_and_after_comments_is_fine()
    {
        var network = NetworkJson.Read("""
            // two nodes, one edge
            {"nodes": [{"name": "a", "role": "input", "voltage": 1}, {"name": "b", "role": "ground"}],
             "edges": [{"name": "r", "from": "a", "to": "b", "conductance": 1,},],}
            """, "ok.json");
        Assert.Equal(2, network.NodeCount);
    }

    [Fact]
    public void A_nested_object_keeps_its_own_keys_and_the_outer_ones_are_checked_after_it()
    {
        var error = Assert.Throws<BadInputException>(() => StrictJson.Parse("{\n\"a\": {\"b\": 1, \"c\": 2},\n\"d\": [{\"b\": 3}],\n\"a\": 4\n}", "x.json"));
        Assert.Equal("x.json:4: \"a\" given twice (first on line 2)", error.Message);
    }

    [Fact]
    public void Malformed_json_still_names_the_line()
    {
        var error = Assert.Throws<BadInputException>(() => StrictJson.Parse("{\n\"a\": 1,\n\"b\": }", "x.json"));
        Assert.StartsWith("x.json:3: malformed JSON: ", error.Message);
    }

    [Fact]
    public void An_experiment_file_with_a_key_given_twice_is_refused()
    {
        var path = Path.Combine(_directory, "e.json");
        File.WriteAllText(path, "{\n  \"epochs\": 3,\n  \"seed\": 1,\n  \"epochs\": 4\n}\n");
        Assert.Equal($"{path}:4: \"epochs\" given twice (first on line 2)", Assert.Throws<BadInputException>(() => ExperimentFields.ReadFile(path)).Message);
    }

    [Fact]
    public void A_sweep_file_with_a_key_given_twice_is_refused()
    {
        var path = Path.Combine(_directory, "s.json");
        File.WriteAllText(path, "{\n  \"seeds\": 2,\n  \"sweep\": [{\"field\": \"eta\", \"values\": [0.1, 0.2]}],\n  \"seeds\": 3\n}\n");
        Assert.Equal($"{path}:4: \"seeds\" given twice (first on line 2)", Assert.Throws<BadInputException>(() => Sweep.ReadFile(path)).Message);
    }

    [Fact]
    public void A_folder_or_a_missing_file_is_named_as_such()
    {
        Assert.Equal($"{_directory}: is a folder, not a file", Assert.Throws<BadInputException>(() => ExperimentFields.ReadFile(_directory)).Message);
        Assert.Equal($"{_directory}: is a folder, not a file", Assert.Throws<InvalidNetworkException>(() => NetworkFile.Load(_directory, _ => { })).Message);
        var missing = Path.Combine(_directory, "none.json");
        Assert.Equal($"{missing}: no such file", Assert.Throws<InvalidNetworkException>(() => NetworkFile.Load(missing, _ => { })).Message);
    }
}
