using ScottPlot;

namespace Clln.Cli.Reporting;

/// <summary>
/// The plots' font: DejaVu Sans, shipped next to clln (fonts/, licence in fonts/LICENSE.txt), so a
/// PNG has its text on a machine with no fonts installed (the container's runtime image) and looks
/// the same everywhere. Registered once, before the first plot is made (a plot takes the default
/// font when it is created).
/// </summary>
public static class BundledFont
{
    public const string Name = "DejaVu Sans";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fonts");

    private static readonly Lazy<bool> Registered = new(() =>
    {
        var (regular, bold) = (Path.Combine(Folder, "DejaVuSans.ttf"), Path.Combine(Folder, "DejaVuSans-Bold.ttf"));
        if (!File.Exists(regular)) return false; // not shipped (an unusual build): the system's fonts, as ScottPlot finds them
        Fonts.AddFontFile(Name, regular, bold: false, italic: false);
        if (File.Exists(bold)) Fonts.AddFontFile(Name, bold, bold: true, italic: false);
        Fonts.Default = Name;
        Fonts.Sans = Name;
        return true;
    });

    /// <summary>Registers the bundled font with ScottPlot (once); false when it is not shipped.</summary>
    public static bool Use() => Registered.Value;
}
