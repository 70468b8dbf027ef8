using System.CommandLine;
using Clln.Core.Experiments;
using Clln.Core.Model;

namespace Clln.Cli.CommandLine;

/// <summary>
/// An option for every experiment field (--k-min for k_min), made from the fields' one table so
/// the help says what each means, its unit, range and default. A value is checked while parsing
/// as the experiment file's reader checks it, with the same message.
/// </summary>
public sealed class ExperimentFieldOptions
{
    private readonly (ExperimentField Field, Option<string?> Option)[] _options;

    public ExperimentFieldOptions()
    {
        _options = ExperimentFields.Describe().Select(field => (field, Create(field))).ToArray();
    }

    public IEnumerable<Option> All => _options.Select(o => o.Option);

    /// <summary>The fields given on the command line, by flag name ("k-min"), with their text.</summary>
    public IReadOnlyList<(string Flag, string Text)> Given(ParseResult parsed) =>
        _options.Where(o => parsed.GetResult(o.Option) is not null).Select(o => (o.Field.Flag, parsed.GetValue(o.Option)!)).ToArray();

    private static Option<string?> Create(ExperimentField field)
    {
        var option = new Option<string?>("--" + field.Flag)
        {
            HelpName = field.ValueKind,
            Description = $"{field.Description} [default: {field.Default}]",
            CustomParser = result =>
            {
                var text = result.Tokens[0].Value;
                try
                {
                    ExperimentFields.Set(new Experiment(), field.Name, text, $"option --{field.Flag}");
                }
                catch (BadInputException e)
                {
                    result.AddError(e.Message);
                }
                return text;
            },
        };
        // A field with a few named values (its range "fifo, reorder") completes to them.
        if (field.ValueKind == "TEXT" && field.Doc?.Range?.Split(", ") is { Length: > 1 } words && words.All(IsWord))
            option.CompletionSources.Add(words);
        return option;
    }

    private static bool IsWord(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterLower(c) || c == '-');
}
