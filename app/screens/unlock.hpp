// The passphrase prompt shown before anything else when this laptop's data is
// encrypted: nothing personal is read until the coach unlocks it.
#pragma once

#include "model/store.hpp"

#include <string>

namespace dc::app {

struct UnlockState {
    std::string passphrase;
    bool wrongPassphrase = false;
    bool focusField = true;
    // Locked after a time without input (not at start): the prompt says why.
    bool afterIdle = false;
};

class UnlockScreen {
public:
    explicit UnlockScreen(Store& store) : store_(store) {}
    // Draws one frame of the full-window prompt (between NewFrame and Render).
    void drawFrame();
    void drawContent();
    bool unlocked() const { return store_.protection() != Protection::Locked; }
    UnlockState state;

private:
    void tryUnlock();
    Store& store_;
};

}  // namespace dc::app
