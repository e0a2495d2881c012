#version 300 es
// The timeline's slices: a quad each (two triangles, six vertices), placed from its start, end
// and lane. The slices sit in a float texture, a texel each (start_us, end_us, lane, kind),
// uploaded once per change of the timeline; vertex i draws corner i % 6 of slice i / 6. One
// plain draw call, not an instanced one: SwiftShader (WebGL on the CPU) runs every instance as a
// draw of its own (about 9 us each, measured here). Times are in microseconds; the view maps a
// window of them onto the panel's rectangle.

uniform highp sampler2D u_slices;  // kSlicesPerRow texels a row
uniform vec2 u_view;    // the first and the last microsecond shown
uniform vec4 u_rect;    // the panel's x, y, width, height in framebuffer pixels, from the top left
uniform vec2 u_lanes;   // the first lane shown (scrolled), a lane's height in pixels
uniform vec2 u_target;  // the framebuffer's size in pixels

const int kSlicesPerRow = 4096;  // as platform/timeline_gl.cpp packs them
const vec2 kCorners[6] = vec2[6](vec2(0.0, 0.0), vec2(1.0, 0.0), vec2(0.0, 1.0), vec2(0.0, 1.0),
                                 vec2(1.0, 0.0), vec2(1.0, 1.0));

flat out int v_kind;
out vec2 v_corner;

// Which band of its lane a kind fills: the step underneath, locks and thinking over it, races
// as a tall tick, violations as a diamond over everything.
vec2 band(int kind) {
  if (kind == 0) return vec2(0.12, 0.88);  // running
  if (kind == 1) return vec2(0.30, 0.70);  // waiting for a lock
  if (kind == 2 || kind == 3) return vec2(0.55, 0.88);  // holding it, alone or to read
  if (kind == 4) return vec2(0.30, 0.70);  // thinking
  if (kind == 5) return vec2(0.12, 0.88);  // a desk's sitter
  if (kind == 7) return vec2(0.05, 0.95);  // a violation
  return vec2(0.0, 1.0);                   // a race
}

void main() {
  int index = gl_VertexID / 6;
  vec2 corner = kCorners[gl_VertexID % 6];
  vec4 slice = texelFetch(u_slices, ivec2(index % kSlicesPerRow, index / kSlicesPerRow), 0);
  int kind = int(slice.w + 0.5);
  float span = max(u_view.y - u_view.x, 1e-6);
  float x0 = u_rect.x + (slice.x - u_view.x) / span * u_rect.z;
  float x1 = u_rect.x + (slice.y - u_view.x) / span * u_rect.z;
  // Never thinner than a pixel, so that a short slice or a race stays visible at any zoom.
  float width = kind == 6 ? 2.0 : 1.0;
  x1 = max(x1, x0 + width);
  if (kind == 6) x0 -= 1.0;
  if (kind == 7) {  // as wide as it is tall, centred on its moment
    float half_width = 0.45 * u_lanes.y;
    x0 -= half_width;
    x1 = x0 + 2.0 * half_width;
  }
  vec2 b = band(kind);
  float y0 = u_rect.y + (slice.z - u_lanes.x + b.x) * u_lanes.y;
  float y1 = u_rect.y + (slice.z - u_lanes.x + b.y) * u_lanes.y;
  vec2 pixel = vec2(mix(x0, x1, corner.x), mix(y0, y1, corner.y));
  gl_Position = vec4(pixel.x / u_target.x * 2.0 - 1.0, 1.0 - pixel.y / u_target.y * 2.0, 0.0, 1.0);
  v_kind = kind;
  v_corner = corner;
}
