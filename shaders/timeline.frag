#version 300 es
// Each slice in its kind's colour (the palette is set by the page, one colour per SliceKind).
precision mediump float;

flat in int v_kind;
in vec2 v_corner;  // where in its quad, (0,0) to (1,1)
uniform vec4 u_palette[8];
out vec4 colour;

void main() {
  // A violation is a diamond: the quad's corners stay clear.
  if (v_kind == 7 && abs(v_corner.x - 0.5) + abs(v_corner.y - 0.5) > 0.5) discard;
  colour = u_palette[v_kind];
}
