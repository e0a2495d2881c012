#pragma once

#include <GLES3/gl3.h>

#include <string>
#include <vector>

#include "ui/timeline_view.hpp"

namespace racelab::platform {

// The timeline's slices on WebGL2: the project's shaders (shaders/timeline.vert and .frag,
// preloaded under /shaders), a quad per slice read from a float texture of the slices that is
// uploaded only when the timeline changes, drawn (the visible lanes only) in one call from an
// ImGui draw callback so that it sits in the layout.
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
  std::vector<GLint> lane_begin_;  // lane i's slices are [lane_begin_[i], lane_begin_[i + 1])
  GLint view_ = -1;
  GLint rect_ = -1;
  GLint lanes_ = -1;
  GLint target_ = -1;
  GLint palette_ = -1;
  GLint slices_sampler_ = -1;
  ui::TimelineFrame frame_;  // this frame's request; one timeline panel per frame
};

}  // namespace racelab::platform
