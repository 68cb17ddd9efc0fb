namespace Nabla.Rl.Plotting;

/// <summary>
/// A 5×7 pixel font (digits, capitals, common punctuation; lower case drawn as capitals) for chart labels, so charts
/// need no font files. Each glyph is seven rows of five bits, the high bit leftmost.
/// </summary>
internal static class BitmapFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7, Advance = 6;

    private static readonly Dictionary<char, byte[]> Glyphs = Build();

    private static Dictionary<char, byte[]> Build()
    {
        var rows = new Dictionary<char, string>
        {
            ['0'] = "0E11131519110E", ['1'] = "040C040404040E", ['2'] = "0E11010204081F",
            ['3'] = "1F02040201110E", ['4'] = "02060A121F0202", ['5'] = "1F101E0101110E",
            ['6'] = "0608101E11110E", ['7'] = "1F010204080808", ['8'] = "0E11110E11110E", ['9'] = "0E11110F01020C",
            ['A'] = "0E11111F111111", ['B'] = "1E11111E11111E", ['C'] = "0E11101010110E", ['D'] = "1C12111111121C",
            ['E'] = "1F10101E10101F", ['F'] = "1F10101E101010", ['G'] = "0E11101711110F", ['H'] = "1111111F111111",
            ['I'] = "0E04040404040E", ['J'] = "0702020202120C", ['K'] = "11121418141211", ['L'] = "1010101010101F",
            ['M'] = "111B1515111111", ['N'] = "11111915131111", ['O'] = "0E11111111110E", ['P'] = "1E11111E101010",
            ['Q'] = "0E11111115120D", ['R'] = "1E11111E141211", ['S'] = "0F10100E01011E", ['T'] = "1F040404040404",
            ['U'] = "1111111111110E", ['V'] = "11111111110A04", ['W'] = "1111111515150A", ['X'] = "11110A040A1111",
            ['Y'] = "1111110A040404", ['Z'] = "1F01020408101F", [' '] = "00000000000000", ['.'] = "00000000000C0C",
            [','] = "000000000C0408", ['-'] = "0000001F000000", ['+'] = "0004041F040400", [':'] = "000C0C000C0C00",
            ['('] = "02040808080402", [')'] = "08040202020408", ['='] = "00001F001F0000", ['/'] = "00010204081000",
            ['_'] = "0000000000001F", ['%'] = "18190204081303", ['*'] = "0004150E150400", ['#'] = "0A0A1F0A1F0A0A",
            ['['] = "0E08080808080E", [']'] = "0E02020202020E", ['?'] = "0E110102040004", ['\''] = "04040800000000",
        };
        var glyphs = new Dictionary<char, byte[]>();
        foreach (var (ch, hex) in rows) glyphs[ch] = Convert.FromHexString(hex);
        return glyphs;
    }

    /// <summary>The rows of <paramref name="ch"/>'s glyph (capitals for letters, '?' for characters without one).</summary>
    public static byte[] Glyph(char ch) => Glyphs.TryGetValue(char.ToUpperInvariant(ch), out var g) ? g : Glyphs['?'];

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Measure(string text, int scale = 1) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;
}
