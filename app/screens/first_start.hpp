// The first-start screen: a database without a passphrase gets one before any screen
// with personal data opens, and the coach reads what forgetting it means beforehand.
#pragma once

#include "app/job_runner.hpp"
#include "model/store.hpp"

#include <string>

namespace dc::app {

struct FirstStartState {
    std::string passphrase;
    std::string repeatedPassphrase;
    const char* problemKey = nullptr;
    bool focusField = true;
    // The key is being derived on the job runner; frames go on meanwhile.
    bool protecting = false;
    std::string failure;  // why the last try failed, shown with the button to try again
};

class FirstStartScreen {
public:
    // `mayPostpone`: a database from an older version that already holds records may be
    // used unprotected once more; a new, empty one may not.
    FirstStartScreen(Store& store, JobRunner& jobs, bool mayPostpone)
        : store_(store), jobs_(jobs), mayPostpone_(mayPostpone) {}
    void drawFrame();
    void drawContent();
    bool done() const { return postponed_ || store_.protection() != Protection::None; }
    bool mayPostpone() const { return mayPostpone_; }
    FirstStartState state;

private:
    void protect();
    Store& store_;
    JobRunner& jobs_;
    bool mayPostpone_;
    bool postponed_ = false;
};

}  // namespace dc::app
