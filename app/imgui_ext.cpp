// The only file that includes imgui_internal.h: see imgui_ext.hpp for why each is needed.
#include "app/imgui_ext.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <cstring>
#include <string>

namespace dc::app::imgui_ext {

bool leaveActiveTextField() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId == 0 || g.ActiveId != g.InputTextState.ID) return false;
    ImGui::ClearActiveID();
    return true;
}

void navigateIntoCurrentWindow() {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImGui::FocusWindow(window);
    ImGui::NavInitWindow(window, true);
}

void focusLastItemShowingRing() { focusItemShowingRing(ImGui::GetItemID()); }

void focusItemShowingRing(unsigned itemId) {
    ImGuiContext& g = *GImGui;
    g.NavInitRequest = false;
    g.NavInitResultId = 0;
    // Navigation lives in the window a NavFlattened child belongs to.
    ImGui::SetFocusID(itemId, ImGui::GetCurrentWindow()->RootWindowForNav);
    g.NavDisableHighlight = false;
}

unsigned navigationItemId() { return ImGui::GetCurrentContext()->NavId; }

unsigned lastItemId() { return ImGui::GetItemID(); }

void wipeTextFieldState() {
    ImGui::ClearActiveID();
    ImGuiInputTextState& field = GImGui->InputTextState;
    auto zero = [](auto& buffer) {
        if (!buffer.empty()) std::memset(buffer.Data, 0, buffer.size_in_bytes());
    };
    zero(field.TextW);
    zero(field.TextA);
    zero(field.InitialTextA);
    field.ClearFreeMemory();
    std::memset(&field.Stb, 0, sizeof field.Stb);
    field.ID = 0;  // the next field to be activated starts from a fresh state
}

bool textFieldStateHolds(std::string_view text) {
    const ImGuiInputTextState& field = GImGui->InputTextState;
    auto bytesHold = [&](const ImVector<char>& buffer) {
        return std::string_view(buffer.Data ? buffer.Data : "", buffer.Data ? buffer.Capacity : 0).find(text) !=
               std::string_view::npos;
    };
    std::basic_string<ImWchar> wide(text.begin(), text.end());
    const std::basic_string_view<ImWchar> wideBuffer(field.TextW.Data, field.TextW.Data ? field.TextW.Capacity : 0);
    return bytesHold(field.TextA) || bytesHold(field.InitialTextA) || wideBuffer.find(wide) != std::basic_string_view<ImWchar>::npos;
}

void dragToScroll(unsigned& targetWindowId, float thresholdPx) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (!g.IO.MouseDown[ImGuiMouseButton_Left]) {
        targetWindowId = 0;
        return;
    }
    if (targetWindowId == 0) {
        if (!ImGui::IsMouseDragging(ImGuiMouseButton_Left, thresholdPx)) return;
        ImGuiWindow* window = g.HoveredWindow;
        while (window && window->ScrollMax.y <= 0.0f && (window->Flags & ImGuiWindowFlags_ChildWindow))
            window = window->ParentWindow;
        if (!window || window->ScrollMax.y <= 0.0f) return;
        const bool selectingText = g.ActiveId != 0 && g.ActiveId == g.InputTextState.ID;
        const bool draggingScrollbar = g.ActiveId != 0 && g.ActiveId == ImGui::GetWindowScrollbarID(window, ImGuiAxis_Y);
        if (selectingText || draggingScrollbar) return;
        targetWindowId = window->ID;
        // The press started a scroll, so the row it landed on must not open on release.
        if (g.ActiveId != 0) ImGui::ClearActiveID();
    }
    if (ImGuiWindow* window = ImGui::FindWindowByID(targetWindowId))
        ImGui::SetScrollY(window, window->Scroll.y - g.IO.MouseDelta.y);
}

std::string textBeingEdited() {
    const ImGuiInputTextState* state = ImGui::GetInputTextState(ImGui::GetActiveID());
    if (!state || state->CurLenW <= 0) return {};
    std::string text(static_cast<std::size_t>(state->CurLenW) * 4 + 1, '\0');
    const int length =
        ImTextStrToUtf8(text.data(), static_cast<int>(text.size()), state->TextW.Data, state->TextW.Data + state->CurLenW);
    text.resize(static_cast<std::size_t>(length));
    return text;
}

}  // namespace dc::app::imgui_ext
