// Settings: who the coach is, language, text size and theme. Stored in the local
// settings table; the coach name also lives in the synced Coach record.
#pragma once

#include "app/app_context.hpp"
#include "app/passphrase.hpp"
#include "app/screen.hpp"
#include "model/local_settings.hpp"
#include "model/record_import.hpp"

#include <array>
#include <memory>

namespace dc::app {

// A coordinator's bulk import: the file is checked first and the preview lists the
// lines that match existing records before anything is written.
struct RecordImportState {
    RecordList list = RecordList::Participants;
    std::string filePath;
    std::string checkedText;  // the file as it was checked; the import reads no newer copy
    std::optional<RecordImportResult> preview;
    std::string message;  // what the last check or import came to, in the coach's language
    bool messageIsProblem = false;
};

struct SettingsState {
    Coach coach;
    bool coachLoaded = false;
    std::vector<Problem> problems;
    bool saved = false;
    // Passphrase fields: cleared as soon as they have been used.
    std::string currentPassphrase;
    std::string newPassphrase;
    std::string repeatedPassphrase;
    const char* passphraseMessageKey = nullptr;
    bool passphraseMessageIsProblem = false;
    // The key is being derived on the job runner; frames go on meanwhile.
    bool passphraseWorking = false;
    RecordImportState recordImport;
};

class SettingsScreen : public Screen {
public:
    // `appearance` is the shell's: a choice here applies between frames.
    explicit SettingsScreen(AppearanceSettings& appearance) : Screen("settings"), appearance_(appearance) {}
    void drawContent(AppContext& app) override;
    SettingsState state;

private:
    void finishPassphrase(const char* messageKey, bool problem);
    AppearanceSettings& appearance_;
    // A job's result that arrives after the shell was closed (an idle lock) finds this
    // gone and does nothing.
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    void drawSecurity(AppContext& app);
    void applyPassphrase(AppContext& app);
    // settings_import.cpp
    void drawRecordImport(AppContext& app);
    void checkRecordImport(AppContext& app);
    void applyRecordImport(AppContext& app);
};

}  // namespace dc::app
