#include "platform/timeline_gl.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace racelab::platform {

namespace {

constexpr std::size_t kSlicesPerRow = 4096;  // as shaders/timeline.vert reads them

bool read_file(const char* path, std::string& text) {
  std::ifstream file(path);
  if (!file) return false;
  std::ostringstream contents;
  contents << file.rdbuf();
  text = contents.str();
  return true;
}

GLuint compile(GLenum type, const std::string& source, const char* name, std::string& error) {
  const GLuint shader = glCreateShader(type);
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint compiled = 0;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &compiled);
  if (!compiled) {
    char log[1024] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    error = std::string(name) + " does not compile: " + log;
    glDeleteShader(shader);
    return 0;
  }
  return shader;
}

}  // namespace

bool GlTimelineRenderer::init(std::string& error) {
  std::string vertex_source;
  std::string fragment_source;
  if (!read_file("/shaders/timeline.vert", vertex_source) ||
      !read_file("/shaders/timeline.frag", fragment_source)) {
    error = "the timeline's shaders are missing from the page's data";
    return false;
  }
  const GLuint vertex = compile(GL_VERTEX_SHADER, vertex_source, "timeline.vert", error);
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, fragment_source, "timeline.frag", error);
  if (!vertex || !fragment) return false;
  program_ = glCreateProgram();
  glAttachShader(program_, vertex);
  glAttachShader(program_, fragment);
  glLinkProgram(program_);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint linked = 0;
  glGetProgramiv(program_, GL_LINK_STATUS, &linked);
  if (!linked) {
    error = "the timeline's shaders do not link";
    return false;
  }
  view_ = glGetUniformLocation(program_, "u_view");
  rect_ = glGetUniformLocation(program_, "u_rect");
  lanes_ = glGetUniformLocation(program_, "u_lanes");
  target_ = glGetUniformLocation(program_, "u_target");
  palette_ = glGetUniformLocation(program_, "u_palette");

  slices_sampler_ = glGetUniformLocation(program_, "u_slices");

  glGenVertexArrays(1, &vertex_array_);
  glGenTextures(1, &slices_);
  glBindTexture(GL_TEXTURE_2D, slices_);
  // Float textures cannot be filtered; the shader fetches texels whole anyway.
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  return true;
}

namespace {

// Where each lane starts in `slices` (lane by lane), offset by `first`.
std::vector<GLint> lane_starts(const std::vector<TimelineSlice>& slices, std::size_t first) {
  std::vector<GLint> begin;
  for (std::size_t i = 0; i < slices.size(); ++i) {
    const auto lane = static_cast<std::size_t>(slices[i].lane);
    while (begin.size() <= lane)
      begin.push_back(static_cast<GLint>(first + i));
  }
  begin.push_back(static_cast<GLint>(first + slices.size()));
  return begin;
}

}  // namespace

void GlTimelineRenderer::upload(const std::vector<TimelineSlice>& slices) {
  // Level 0 as built, then gaps of 1/8192 of the run and four times more at each level, while
  // merging still saves much: the run fitted into a panel a few thousand pixels wide.
  float end_us = 0;
  for (const auto& slice : slices)
    end_us = std::max(end_us, slice.end_us);
  std::vector<TimelineSlice> texels = slices;
  levels_ = {{0.0, lane_starts(slices, 0)}};
  std::vector<TimelineSlice> previous = slices;
  double gap = end_us / 8192.0;
  for (int tried = 0; tried < 6 && gap > 0; ++tried, gap *= 4) {
    auto level = coarsened(previous, gap);
    if (level.size() > previous.size() * 9 / 10) continue;  // hardly fewer: not worth a level
    levels_.push_back({gap, lane_starts(level, texels.size())});
    texels.insert(texels.end(), level.begin(), level.end());
    previous = std::move(level);
  }

  // Whole rows of kSlicesPerRow texels, one slice each (the shader's layout).
  const std::size_t rows =
      std::max<std::size_t>(1, (texels.size() + kSlicesPerRow - 1) / kSlicesPerRow);
  texels.resize(rows * kSlicesPerRow);
  glBindTexture(GL_TEXTURE_2D, slices_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32F, kSlicesPerRow, static_cast<GLsizei>(rows), 0, GL_RGBA,
               GL_FLOAT, texels.data());
  glBindTexture(GL_TEXTURE_2D, 0);
  count_ = static_cast<GLsizei>(slices.size());
}

void GlTimelineRenderer::draw(ImDrawList& list, const ui::TimelineFrame& frame) {
  frame_ = frame;
  list.AddCallback(&GlTimelineRenderer::render, this);
  list.AddCallback(ImDrawCallback_ResetRenderState, nullptr);  // ImGui's state back for the rest
}

void GlTimelineRenderer::render(const ImDrawList*, const ImDrawCmd* command) {
  static_cast<const GlTimelineRenderer*>(command->UserCallbackData)->render_now(*command);
}

void GlTimelineRenderer::render_now(const ImDrawCmd& command) const {
  if (count_ == 0) return;
  const ImDrawData* data = ImGui::GetDrawData();
  const ImVec2 scale = data->FramebufferScale;
  const ImVec2 origin = data->DisplayPos;
  const float target_width = data->DisplaySize.x * scale.x;
  const float target_height = data->DisplaySize.y * scale.y;
  const ImVec4 clip = command.ClipRect;
  glEnable(GL_SCISSOR_TEST);
  glScissor(static_cast<GLint>((clip.x - origin.x) * scale.x),
            static_cast<GLint>(target_height - (clip.w - origin.y) * scale.y),
            static_cast<GLsizei>((clip.z - clip.x) * scale.x),
            static_cast<GLsizei>((clip.w - clip.y) * scale.y));
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);

  glUseProgram(program_);
  glUniform2f(view_, static_cast<float>(frame_.view_start_us),
              static_cast<float>(frame_.view_end_us));
  glUniform4f(rect_, (frame_.min.x - origin.x) * scale.x, (frame_.min.y - origin.y) * scale.y,
              (frame_.max.x - frame_.min.x) * scale.x, (frame_.max.y - frame_.min.y) * scale.y);
  glUniform2f(lanes_, frame_.first_lane, frame_.lane_height * scale.y);
  glUniform2f(target_, target_width, target_height);
  float palette[kSliceKinds * 4];
  for (int kind = 0; kind < kSliceKinds; ++kind) {
    const ImVec4 colour = ImGui::ColorConvertU32ToFloat4(ui::timeline_palette()[kind]);
    palette[kind * 4 + 0] = colour.x;
    palette[kind * 4 + 1] = colour.y;
    palette[kind * 4 + 2] = colour.z;
    palette[kind * 4 + 3] = colour.w;
  }
  glUniform4fv(palette_, kSliceKinds, palette);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, slices_);
  glUniform1i(slices_sampler_, 0);

  // The coarsest level whose merged gaps stay under half a pixel at this zoom.
  const double span = std::max(frame_.view_end_us - frame_.view_start_us, 1e-6);
  const double pixels_per_us = (frame_.max.x - frame_.min.x) * scale.x / span;
  const Level* level = &levels_.front();
  for (const auto& coarser : levels_) {
    if (coarser.gap_us * pixels_per_us <= 0.5) level = &coarser;
  }

  // Only the lanes in view (and the one partly above): slices are stored lane by lane.
  const int lanes = static_cast<int>(level->lane_begin.size()) - 1;
  const int top = std::clamp(static_cast<int>(frame_.first_lane), 0, lanes);
  const int shown = static_cast<int>(std::ceil((frame_.max.y - frame_.min.y) / frame_.lane_height));
  const int bottom = std::clamp(top + shown + 1, top, lanes);
  const GLint first = level->lane_begin[static_cast<std::size_t>(top)];
  const GLint last = level->lane_begin[static_cast<std::size_t>(bottom)];
  glBindVertexArray(vertex_array_);
  if (last > first) glDrawArrays(GL_TRIANGLES, 6 * first, 6 * (last - first));
  glBindVertexArray(0);
  glBindTexture(GL_TEXTURE_2D, 0);
}

}  // namespace racelab::platform
