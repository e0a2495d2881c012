#pragma once

#include <GLES3/gl3.h>

#include <string>
#include <vector>

#include "ui/timeline_view.hpp"

namespace racelab::platform {

// The timeline's slices on WebGL2: the project's shaders (shaders/timeline.vert and .frag,
// preloaded under /shaders), a quad per slice read from a float texture of the slices that is
// uploaded only when the timeline changes, drawn (the visible lanes only) in one call from an
// ImGui draw callback so that it sits in the layout. The texture also holds coarsened copies
// of the slices; a zoomed-out frame draws the copy whose merged gaps are under half a pixel.
class GlTimelineRenderer final : public ui::TimelineRenderer {
 public:
  // Compiles the shaders; false (with `error` said) when they are missing or do not compile.
  bool init(std::string& error);

  void upload(const std::vector<TimelineSlice>& slices) override;
  void draw(ImDrawList& list, const ui::TimelineFrame& frame) override;

 private:
  static void render(const ImDrawList* list, const ImDrawCmd* command);
  void render_now(const ImDrawCmd& command) const;

  GLuint program_ = 0;
  GLuint vertex_array_ = 0;  // no attributes: the vertex shader reads the slices' texture
  GLuint slices_ = 0;
  GLsizei count_ = 0;
  // The slices at a few distances: level 0 as built, each next one coarsened by a wider gap.
  // All of them sit in the one texture, uploaded together.
  struct Level {
    double gap_us = 0;
    std::vector<GLint> lane_begin;  // lane i's slices are [lane_begin[i], lane_begin[i + 1])
  };
  std::vector<Level> levels_;
  GLint view_ = -1;
  GLint rect_ = -1;
  GLint lanes_ = -1;
  GLint target_ = -1;
  GLint palette_ = -1;
  GLint slices_sampler_ = -1;
  ui::TimelineFrame frame_;  // this frame's request; one timeline panel per frame
};

}  // namespace racelab::platform
