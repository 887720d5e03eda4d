// Saves the currently bound framebuffer as a PNG, for UI test evidence and bug reports.
#pragma once

#include <string>

namespace dc::platform {

// Reads `widthPx` x `heightPx` pixels from the bound read framebuffer; throws
// std::runtime_error when the file cannot be written.
void writeFramebufferPng(const std::string& path, int widthPx, int heightPx);

}  // namespace dc::platform
