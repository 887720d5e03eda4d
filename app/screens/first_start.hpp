// The first-start screen: a database without a passphrase gets one before any screen
// with personal data opens, and the coach reads what forgetting it means beforehand.
#pragma once

#include "model/store.hpp"

#include <string>

namespace dc::app {

struct FirstStartState {
    std::string passphrase;
    std::string repeatedPassphrase;
    const char* problemKey = nullptr;
    bool focusField = true;
};

class FirstStartScreen {
public:
    // `mayPostpone`: a database from an older version that already holds records may be
    // used unprotected once more; a new, empty one may not.
    FirstStartScreen(Store& store, bool mayPostpone) : store_(store), mayPostpone_(mayPostpone) {}
    void drawFrame();
    void drawContent();
    bool done() const { return postponed_ || store_.protection() != Protection::None; }
    bool mayPostpone() const { return mayPostpone_; }
    FirstStartState state;

private:
    void protect();
    Store& store_;
    bool mayPostpone_;
    bool postponed_ = false;
};

}  // namespace dc::app
