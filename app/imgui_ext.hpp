// The few things Dear ImGui 1.86 offers only through imgui_internal.h, in one place.
// Each says what it works around, so a newer ImGui can replace it with a public call.
#pragma once

#include <string>
#include <string_view>

namespace dc::app::imgui_ext {

// Leaves the text field being typed in, keeping its text. 1.86's own Esc restores the text
// the field had when it was activated, throwing the typing away. True if one was left.
bool leaveActiveTextField();

// Puts keyboard navigation on the first item of the current window. 1.86 has no public
// "focus this window and start navigating in it" (SetKeyboardFocusHere moves text focus).
void navigateIntoCurrentWindow();

// Gives the last drawn item the keyboard focus with its focus ring shown at once. The
// public SetItemDefaultFocus only applies when navigation is already in that window.
void focusLastItemShowingRing();
// The same for the item with `itemId` (ImGui::GetID of its label), drawn later this frame
// or the next. It also drops a pending "navigate into this window", which 1.86 would
// otherwise apply at the next frame, putting the focus back on the window's first item.
void focusItemShowingRing(unsigned itemId);

// The id of the item keyboard navigation stands on (0: none), and of the last drawn
// item. Neither is public in 1.86.
unsigned navigationItemId();
unsigned lastItemId();

// Overwrites and frees ImGui's copy of the last text field's content and undo history.
// 1.86 keeps it after the field is left, so a passphrase or a name would stay in memory.
void wipeTextFieldState();

// Whether that copy still holds `text` anywhere in its buffers, including the capacity
// behind the current text (for tests of the wipe).
bool textFieldStateHolds(std::string_view text);

// The text of the field being typed in, as ImGui holds it while editing (UTF-8), or ""
// when none is: the caller's string is only written when the field changes. For tests.
std::string textBeingEdited();

// One frame of drag-to-scroll for fingers and touchpads. 1.86 scrolls only by wheel and
// scrollbar. `targetWindowId` is the window being dragged (0: none yet) and is kept by
// the caller between frames; `thresholdPx` is how far a press moves before it scrolls.
void dragToScroll(unsigned& targetWindowId, float thresholdPx);

}  // namespace dc::app::imgui_ext
