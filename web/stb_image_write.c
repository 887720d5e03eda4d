/* The PNG writer behind Window::saveScreenshotPng, from the system's header-only stb
   (natively it comes from libstb; Emscripten needs it compiled for WebAssembly). */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
