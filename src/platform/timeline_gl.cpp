#include "platform/timeline_gl.hpp"

#include <fstream>
#include <sstream>

namespace racelab::platform {

namespace {

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

  constexpr float kCorners[] = {0, 0, 1, 0, 0, 1, 1, 1};
  glGenVertexArrays(1, &vertex_array_);
  glBindVertexArray(vertex_array_);
  glGenBuffers(1, &quad_);
  glBindBuffer(GL_ARRAY_BUFFER, quad_);
  glBufferData(GL_ARRAY_BUFFER, sizeof kCorners, kCorners, GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  glGenBuffers(1, &instances_);
  glBindBuffer(GL_ARRAY_BUFFER, instances_);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, sizeof(TimelineSlice), nullptr);
  glVertexAttribDivisor(1, 1);
  glBindVertexArray(0);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  return true;
}

void GlTimelineRenderer::upload(const std::vector<TimelineSlice>& slices) {
  glBindBuffer(GL_ARRAY_BUFFER, instances_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(slices.size() * sizeof(TimelineSlice)),
               slices.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
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
  glBindVertexArray(vertex_array_);
  glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, count_);
  glBindVertexArray(0);
}

}  // namespace racelab::platform
