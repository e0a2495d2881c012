// The platform layer of the page: SDL2 + WebGL2 + Emscripten's main loop, and the C functions the
// page's window.racelab calls. The only file that knows about the browser.

#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl2.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/shown_text.hpp"
#include "platform/timeline_gl.hpp"
#include "platform/touch_input.hpp"
#include "ui/app.hpp"
#include "ui/palette.hpp"

namespace {

constexpr float kFontSize = 15.0f;  // CSS pixels
constexpr const char* kFontFile = "/fonts/DejaVuSans.ttf";

struct Platform {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  float pixel_ratio = 0.0f;
  bool styled = false;
  bool styled_for_fingers = false;
  bool touch_screen = false;
  bool announced = false;
  std::string published;            // the hash last put into the address bar
  std::uint64_t links_seen = 0;     // App::links_applied() when it was put there
  bool history_entry_open = false;  // a control is still being dragged: its entry is rewritten
};

Platform platform;
std::unique_ptr<racelab::ui::App> app;
racelab::platform::GlTimelineRenderer timeline_renderer;
bool timeline_gl_ready = false;
// The timeline drawn through ImGui's draw list: only the benchmark picks it.
racelab::ui::DrawListTimelineRenderer timeline_drawlist_renderer;
racelab::platform::TouchInput touch;
std::string bridge_buffer;  // keeps the last string handed to JavaScript alive

// The EM_JS bodies below are JavaScript, which clang-format would mangle.
// clang-format off
// The page's size in CSS pixels, less what the page keeps for itself (embed.html's bar): the
// canvas fills the rest.
EM_JS(int, page_width, (), { return window.innerWidth; });
EM_JS(int, page_height, (), {
  return window.innerHeight - (Module.reservedHeight ? Module.reservedHeight() : 0);
});

EM_JS(int, embedded_layout, (), { return Module.layout === 'embed' ? 1 : 0; });

// A touch screen: a finger is the pointer, or one of them.
EM_JS(int, coarse_pointer, (), { return matchMedia('(any-pointer: coarse)').matches ? 1 : 0; });

// A new history entry for a finished change of the controls, the same entry rewritten while one
// is in progress or when a link was applied; the page hears of every new hash.
EM_JS(void, publish_link, (const char* link, int replace), {
  const hash = UTF8ToString(link);
  if (location.hash !== hash) {
    if (replace) history.replaceState(null, document.title, hash);
    else history.pushState(null, document.title, hash);
  }
  if (Module.linkChanged) Module.linkChanged(hash);
});

EM_JS(void, download_file, (const char* name, const char* text), {
  Module.download(UTF8ToString(name), UTF8ToString(text));
});

EM_JS(void, share_with_page, (int embed, const char* hash, const char* title), {
  Module.share(embed ? 'embed' : 'link', UTF8ToString(hash), UTF8ToString(title));
});

EM_JS(void, announce_ready, (), {
  if (Module.racelabReady) Module.racelabReady();
});
// clang-format on

// The glyphs of every character a message may show as it is (core/shown_text.hpp): what a
// link's text shows, the font draws. Kept for the atlas, which holds on to them.
const ImWchar* glyph_ranges() {
  static const std::vector<ImWchar> ranges = [] {
    std::vector<ImWchar> list;
    for (const auto& range : racelab::kShownCharacters) {
      list.push_back(static_cast<ImWchar>(range.first));
      list.push_back(static_cast<ImWchar>(range.last));
    }
    list.push_back(0);
    return list;
  }();
  return ranges.data();
}

// Rasterises the font at the device pixel ratio so that text stays crisp, and draws it back at
// CSS size.
void load_font(float pixel_ratio) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig font_config;
  font_config.OversampleH = 2;
  if (!io.Fonts->AddFontFromFileTTF(kFontFile, kFontSize * pixel_ratio, &font_config,
                                    glyph_ranges())) {
    std::fprintf(stderr, "racelab: %s is missing; using ImGui's built-in font\n", kFontFile);
    font_config.SizePixels = 13.0f * pixel_ratio;
    io.Fonts->AddFontDefault(&font_config);
  }
  io.FontGlobalScale = 1.0f / pixel_ratio;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

// One palette (ui/palette.hpp, also web/style.css's); sizes in units of the font, in CSS pixels.
// A narrow page (a phone) gets taller frames, for fingers.
void style_ui(bool for_fingers) {
  namespace palette = racelab::ui::palette;
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  const float em = kFontSize;
  style.WindowPadding = ImVec2(em, 0.8f * em);
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1;
  style.PopupBorderSize = 1;
  style.FramePadding = ImVec2(0.55f * em, (for_fingers ? 0.6f : 0.35f) * em);
  style.ItemSpacing = ImVec2(0.55f * em, (for_fingers ? 0.55f : 0.45f) * em);
  style.ItemInnerSpacing = ImVec2(0.4f * em, 0.4f * em);
  style.IndentSpacing = 1.2f * em;
  style.ScrollbarSize = 0.8f * em;
  style.GrabMinSize = 0.8f * em;
  style.FrameRounding = 0.3f * em;
  style.GrabRounding = 0.3f * em;
  style.ChildRounding = 0.3f * em;
  style.PopupRounding = 0.3f * em;
  style.ScrollbarRounding = 0.4f * em;
  style.TabRounding = 0.3f * em;

  ImVec4* colours = style.Colors;
  colours[ImGuiCol_Text] = palette::vec4(palette::kText);
  colours[ImGuiCol_TextDisabled] = palette::vec4(palette::kTextQuiet);
  colours[ImGuiCol_WindowBg] = palette::vec4(palette::kBackground);
  colours[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_PopupBg] = palette::vec4(palette::kPanel);
  colours[ImGuiCol_Border] = palette::vec4(palette::kBorder);
  colours[ImGuiCol_Separator] = palette::vec4(palette::kBorder);
  colours[ImGuiCol_FrameBg] = palette::vec4(palette::kPanel);
  colours[ImGuiCol_FrameBgHovered] = palette::vec4(palette::kPanelRaised);
  colours[ImGuiCol_FrameBgActive] = palette::vec4(palette::kPanelRaised);
  colours[ImGuiCol_Button] = palette::vec4(palette::kAccentDim);
  colours[ImGuiCol_ButtonHovered] = palette::vec4(palette::kAccentMid);
  colours[ImGuiCol_ButtonActive] = palette::vec4(palette::kAccentStrong);
  colours[ImGuiCol_Header] = palette::vec4(palette::kPanel);
  colours[ImGuiCol_HeaderHovered] = palette::vec4(palette::kPanelRaised);
  colours[ImGuiCol_HeaderActive] = palette::vec4(palette::kAccentDim);
  colours[ImGuiCol_SliderGrab] = palette::vec4(palette::kAccent);
  colours[ImGuiCol_SliderGrabActive] = palette::vec4(palette::kAccentBright);
  colours[ImGuiCol_CheckMark] = palette::vec4(palette::kAccentBright);
  colours[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  colours[ImGuiCol_ScrollbarGrab] = palette::vec4(palette::kBorder);
  colours[ImGuiCol_ScrollbarGrabHovered] = palette::vec4(palette::kTextQuiet);
  colours[ImGuiCol_ScrollbarGrabActive] = palette::vec4(palette::kText);
  colours[ImGuiCol_PlotHistogram] = palette::vec4(palette::kAccentMid);
  colours[ImGuiCol_TextSelectedBg] = palette::with_alpha(palette::kAccent, 0.45f);
  colours[ImGuiCol_NavHighlight] = palette::vec4(palette::kAccentBright);
}

// Fingers go to the gestures of TouchInput; SDL's own touch-to-mouse is off (see main).
bool handle_touch(const SDL_Event& event) {
  if (event.type != SDL_FINGERDOWN && event.type != SDL_FINGERMOTION &&
      event.type != SDL_FINGERUP) {
    return false;
  }
  if (event.tfinger.touchId == SDL_MOUSE_TOUCHID) return true;  // a mouse posing as a finger
  int width = 0;
  int height = 0;
  SDL_GetWindowSize(platform.window, &width, &height);
  const float x = event.tfinger.x * static_cast<float>(width);
  const float y = event.tfinger.y * static_cast<float>(height);
  const double now = event.tfinger.timestamp / 1000.0;  // when the browser delivered it
  const auto finger = static_cast<std::int64_t>(event.tfinger.fingerId);
  if (event.type == SDL_FINGERDOWN) touch.finger_down(finger, x, y, now);
  if (event.type == SDL_FINGERMOTION) touch.finger_move(finger, x, y, now);
  if (event.type == SDL_FINGERUP) touch.finger_up(finger, x, y, now);
  return true;
}

// Follows window resizes and device-pixel-ratio changes (browser zoom, moving between screens).
void follow_page_size() {
  const int width = std::max(1, page_width());
  const int height = std::max(1, page_height());
  int current_width = 0;
  int current_height = 0;
  SDL_GetWindowSize(platform.window, &current_width, &current_height);
  if (width != current_width || height != current_height) {
    SDL_SetWindowSize(platform.window, width, height);
  }
  // A touch screen, or a page as narrow as a phone's (where the full layout stacks its columns).
  if (width != current_width || !platform.styled) {
    platform.touch_screen = coarse_pointer() != 0;
    app->set_touch_screen(platform.touch_screen);
  }
  const bool phone_sized = !embedded_layout() && static_cast<float>(width) < 50 * kFontSize;
  const bool for_fingers = platform.touch_screen || phone_sized;
  if (for_fingers != platform.styled_for_fingers || !platform.styled) {
    platform.styled = true;
    platform.styled_for_fingers = for_fingers;
    style_ui(for_fingers);
  }
  const auto ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
  if (ratio != platform.pixel_ratio) {
    platform.pixel_ratio = ratio;
    load_font(ratio);
  }
}

// Puts the settings into the address bar: one history entry per finished change (a slider's
// whole drag, a click), so that Back steps through what the visitor did.
void publish() {
  auto link = app->link();
  // After a link, also when nothing changed: a refused or corrected hash is put right.
  const bool from_link = app->links_applied() != platform.links_seen;
  if (link != platform.published || from_link) {
    const bool replace = from_link || platform.history_entry_open || platform.published.empty();
    publish_link(link.c_str(), replace ? 1 : 0);
    if (!replace) platform.history_entry_open = true;
    platform.published = std::move(link);
    platform.links_seen = app->links_applied();
  }
  platform.history_entry_open = platform.history_entry_open && ImGui::IsAnyItemActive();
}

void frame() {
  follow_page_size();
  SDL_Event event;
  while (SDL_PollEvent(&event)) {
    if (!handle_touch(event)) ImGui_ImplSDL2_ProcessEvent(&event);
  }
  touch.before_frame(SDL_GetTicks() / 1000.0);  // the clock of the events' timestamps

  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  ImGui::NewFrame();
  app->draw_frame(ImGui::GetIO().DeltaTime);
  ImGui::Render();

  int width = 0;
  int height = 0;
  SDL_GL_GetDrawableSize(platform.window, &width, &height);
  glViewport(0, 0, width, height);
  const ImVec4 background = racelab::ui::palette::vec4(racelab::ui::palette::kBackground);
  glClearColor(background.x, background.y, background.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  SDL_GL_SwapWindow(platform.window);

  publish();
  if (!platform.announced) {
    platform.announced = true;
    announce_ready();
  }
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* racelab_state_json() {
  bridge_buffer = app ? app->state_json() : "null";
  return bridge_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* racelab_load(const char* hash) {
  auto problems = nlohmann::json::array();
  if (app) {
    for (const auto& problem : app->load(hash ? hash : ""))
      problems.push_back(problem);
  }
  bridge_buffer = problems.dump();
  return bridge_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* racelab_messages_json() {
  bridge_buffer = app ? nlohmann::json(app->problems()).dump() : "[]";
  return bridge_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE int racelab_run() {
  return app && app->run() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void racelab_reset() {
  if (app) app->reset();
}

EMSCRIPTEN_KEEPALIVE int racelab_select_race(int index) {
  return app && app->select_race(index) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE int racelab_is_running() {
  return app && app->running() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* racelab_link() {
  bridge_buffer = app ? app->link() : "";
  return bridge_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* racelab_trace_json() {
  bridge_buffer = app ? app->trace_json() : "";
  return bridge_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* racelab_control_rects() {
  bridge_buffer = app ? app->control_rects_json() : "{}";
  return bridge_buffer.c_str();
}

EMSCRIPTEN_KEEPALIVE int racelab_sweep_start() {
  return app && app->sweep().start() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void racelab_sweep_cancel() {
  if (app) app->sweep().cancel();
}

// Which way the timeline is drawn from the next frame on: "gl" (the shaders, the default) or
// "drawlist" (ImGui's draw list, the benchmark's baseline). Returns 1 if that way is available.
EMSCRIPTEN_KEEPALIVE int racelab_timeline_renderer(const char* name) {
  if (!app || !name) return 0;
  const std::string way = name;
  if (way == "gl" && timeline_gl_ready) {
    app->set_timeline_renderer(&timeline_renderer);
    return 1;
  }
  if (way == "drawlist") {
    app->set_timeline_renderer(&timeline_drawlist_renderer);
    return 1;
  }
  return 0;
}

// The step engine's moves, as its buttons make them: each returns why it could not be made, or
// "". Outside step mode they say so.
const char* step_reply(const std::string& message) {
  bridge_buffer = message;
  return bridge_buffer.c_str();
}
bool stepping() {
  return app && app->step_mode() && app->steps().active();
}
constexpr const char* kNotStepping = "the engine is not step: load a link with engine=step";

EMSCRIPTEN_KEEPALIVE const char* racelab_step_go(int worker) {
  return step_reply(stepping() ? app->steps().go(worker) : kNotStepping);
}

EMSCRIPTEN_KEEPALIVE const char* racelab_step_next() {
  return step_reply(stepping() ? app->steps().next() : kNotStepping);
}

EMSCRIPTEN_KEEPALIVE const char* racelab_step_undo() {
  return step_reply(stepping() ? app->steps().undo() : kNotStepping);
}

EMSCRIPTEN_KEEPALIVE void racelab_step_one_request(int on) {
  if (stepping()) app->steps().set_one_request_at_a_time(on != 0);
}

EMSCRIPTEN_KEEPALIVE int racelab_explore(int bound) {
  return stepping() && app->steps().explore(bound) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void racelab_explore_cancel() {
  if (stepping()) app->steps().cancel_explore();
}

EMSCRIPTEN_KEEPALIVE int racelab_explore_replay() {
  return stepping() && app->steps().step_through_shortest() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void racelab_share_done(int copied, const char* text) {
  if (app) app->share_done(copied != 0, text ? text : "");
}

}  // extern "C"

int main() {
  // A finger is not a mouse: SDL would press the button the moment one lands, so that a swipe
  // dragged the slider under it. TouchInput decides between scroll, tap and drag instead.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "racelab: SDL could not start: %s\n", SDL_GetError());
    return 1;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  platform.window =
      SDL_CreateWindow("racelab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                       std::max(1, page_width()), std::max(1, page_height()),
                       SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
  platform.gl = platform.window ? SDL_GL_CreateContext(platform.window) : nullptr;
  if (!platform.gl) {
    std::fprintf(stderr, "racelab: WebGL2 is not available: %s\n", SDL_GetError());
    return 1;
  }

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
  ImGui_ImplSDL2_InitForOpenGL(platform.window, platform.gl);
  ImGui_ImplOpenGL3_Init("#version 300 es");

#ifdef RACELAB_NO_THREADS
  constexpr int kDeskThreads = 0;  // this build runs on the page's one thread
#else
  constexpr int kDeskThreads = racelab::RunConfig::kMaxDesks;
#endif
  using racelab::ui::App;
  app = std::make_unique<App>(kDeskThreads,
                              embedded_layout() ? App::Layout::Embed : App::Layout::Full);
  app->set_share_handler(
      [](App::ShareKind kind, const std::string& hash, const std::string& title) {
        share_with_page(kind == App::ShareKind::Embed ? 1 : 0, hash.c_str(), title.c_str());
      });
  std::string timeline_error;
  if (timeline_renderer.init(timeline_error)) {
    timeline_gl_ready = true;
    app->set_timeline_renderer(&timeline_renderer);
  } else {
    std::fprintf(stderr, "racelab: no timeline: %s\n", timeline_error.c_str());
  }
  app->set_download_handler([](const std::string& name, const std::string& text) {
    download_file(name.c_str(), text.c_str());
  });
  const char* hash = emscripten_run_script_string("location.hash");
  app->load(hash ? hash : "");

  emscripten_set_main_loop(frame, 0, true);
  return 0;
}
