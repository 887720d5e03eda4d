// The passphrase prompt shown before anything else when this laptop's data is
// encrypted: nothing personal is read until the coach unlocks it.
#pragma once

#include "app/job_runner.hpp"
#include "model/store.hpp"

#include <string>

namespace dc::app {

struct UnlockState {
    std::string passphrase;
    bool wrongPassphrase = false;
    bool focusField = true;
    // Locked after a time without input (not at start): the prompt says why.
    bool afterIdle = false;
    // The key is being derived on the job runner; frames go on meanwhile.
    bool unlocking = false;
    std::string failure;
};

class UnlockScreen {
public:
    UnlockScreen(Store& store, JobRunner& jobs) : store_(store), jobs_(jobs) {}
    // Draws one frame of the full-window prompt (between NewFrame and Render).
    void drawFrame();
    void drawContent();
    bool unlocked() const { return store_.protection() != Protection::Locked; }
    UnlockState state;

private:
    void tryUnlock();
    Store& store_;
    JobRunner& jobs_;
};

}  // namespace dc::app
