#include "core/shown_text.hpp"

#include <cstdio>
#include <optional>

namespace racelab {

namespace {

struct Decoded {
  char32_t character;
  std::size_t length;
};

// The UTF-8 character at the start of `text`; nullopt for a byte that does not begin a
// well-formed one (a stray continuation, an overlong form, a surrogate, past U+10FFFF).
std::optional<Decoded> decode_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return Decoded{lead, 1};
  std::size_t length = 0;
  char32_t character = 0;
  char32_t lowest = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2, character = lead & 0x1f, lowest = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3, character = lead & 0x0f, lowest = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4, character = lead & 0x07, lowest = 0x10000;
  } else {
    return std::nullopt;
  }
  if (text.size() < length) return std::nullopt;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return std::nullopt;
    character = (character << 6) | (byte(i) & 0x3f);
  }
  const bool surrogate = character >= 0xd800 && character <= 0xdfff;
  if (character < lowest || surrogate || character > 0x10ffff) return std::nullopt;
  return Decoded{character, length};
}

void append_utf8(std::string& out, char32_t character) {
  const auto put = [&](unsigned value) { out += static_cast<char>(value); };
  if (character < 0x80) {
    put(character);
  } else if (character < 0x800) {
    put(0xc0 | (character >> 6));
    put(0x80 | (character & 0x3f));
  } else if (character < 0x10000) {
    put(0xe0 | (character >> 12));
    put(0x80 | ((character >> 6) & 0x3f));
    put(0x80 | (character & 0x3f));
  } else {
    put(0xf0 | (character >> 18));
    put(0x80 | ((character >> 12) & 0x3f));
    put(0x80 | ((character >> 6) & 0x3f));
    put(0x80 | (character & 0x3f));
  }
}

}  // namespace

bool shown_as_is(char32_t character) {
  for (const auto& range : kShownCharacters) {
    if (character >= range.first && character <= range.last) return true;
  }
  return false;
}

std::string shown_text(std::string_view text) {
  constexpr std::size_t kColumns = 32;
  std::string shown = "'";
  std::size_t columns = 0;
  while (!text.empty()) {
    std::string piece;
    std::size_t length = 1;
    bool escaped = true;
    char escape[16];
    if (const auto decoded = decode_utf8(text)) {
      length = decoded->length;
      if (shown_as_is(decoded->character)) {
        append_utf8(piece, decoded->character);
        escaped = false;
      } else {
        std::snprintf(escape, sizeof escape, "<U+%04X>", static_cast<unsigned>(decoded->character));
        piece = escape;
      }
    } else {
      std::snprintf(escape, sizeof escape, "<0x%02X>", static_cast<unsigned char>(text[0]));
      piece = escape;
    }
    // A character takes a column, an escape as many as it is long.
    const std::size_t width = escaped ? piece.size() : 1;
    if (columns + width > kColumns) break;
    shown += piece;
    columns += width;
    text.remove_prefix(length);
  }
  if (!text.empty()) shown += "...";
  return shown + "'";
}

}  // namespace racelab
