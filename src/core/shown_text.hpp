#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace racelab {

// An inclusive range of Unicode code points.
struct CharacterRange {
  char32_t first;
  char32_t last;
};

// The characters a message shows as they are: printable ASCII, Latin-1 and Latin Extended-A,
// the Greek and Cyrillic letters and the common punctuation (dashes, curly quotes, the ellipsis,
// the euro). The page's font (DejaVu Sans) has every one of them, and the page loads the glyphs
// of exactly these ranges, so what a message shows is also what it can draw. No control, format
// or direction character is among them.
inline constexpr CharacterRange kShownCharacters[] = {
    {0x20, 0x7e},   {0xa1, 0xac},     {0xae, 0x17f},    {0x386, 0x386},
    {0x388, 0x38a}, {0x38c, 0x38c},   {0x38e, 0x3a1},   {0x3a3, 0x3ce},
    {0x400, 0x45f}, {0x2010, 0x2027}, {0x20ac, 0x20ac},
};

bool shown_as_is(char32_t character);

// Text from a link or a command line, made safe and short to show in a message: in quotes,
// valid UTF-8 whatever the input, cut ("..." after it) where it would pass 32 columns. A
// character outside kShownCharacters is written as its code point, "<U+1F4A5>", and a byte that
// is not UTF-8 as "<0xFF>"; a character takes a column, an escape as many as it is long.
std::string shown_text(std::string_view text);

}  // namespace racelab
