#version 300 es
// Each slice in its kind's colour (the palette is set by the page, one colour per SliceKind).
precision mediump float;

flat in int v_kind;
uniform vec4 u_palette[7];
out vec4 colour;

void main() {
  colour = u_palette[v_kind];
}
