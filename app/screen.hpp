// The base every screen of the shell shares, after ImHex's View: the frame around the
// screen is drawn once here, the screen draws what is inside, and the shell calls the
// same hooks on whichever screen its route shows.
#pragma once

#include "app/app_context.hpp"

namespace dc::app {

class Screen {
public:
    explicit Screen(const char* regionId) : regionId_(regionId) {}
    virtual ~Screen() = default;
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    // Opens the screen's scrolling region, flattened for keyboard navigation so the arrows
    // reach every item in it, draws drawContent() inside and then the footer below it.
    void draw(AppContext& app);
    virtual void drawContent(AppContext& app) = 0;

    // The route changed to this screen.
    virtual void onShow(AppContext&) {}
    // Esc: closes a form or detail view inside the screen (a form keeps its draft).
    // False when there was none, and the shell goes back a screen.
    virtual bool closeSubView() { return false; }
    // Writes what is being typed, before a lock or the end of the program.
    virtual void flushDraft() {}
    // Ctrl+F: puts the focus in the screen's own search. False when it has none, and the
    // shell goes to the Participants search.
    virtual bool focusOwnSearch() { return false; }
    // Ctrl+Enter: saves the open form, as its Save button would. False when there is none.
    virtual bool saveFromKeyboard(AppContext&) { return false; }

protected:
    // What stays below the scrolling region, such as a form's Save and Cancel, so it never
    // scrolls out of reach. footerHeight() is the room it takes; 0 draws none.
    virtual float footerHeight() { return 0; }
    virtual void drawFooter(AppContext&) {}

private:
    const char* regionId_;
};

}  // namespace dc::app
