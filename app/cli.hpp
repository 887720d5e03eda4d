// The command-line contract of `digicoach`, parsed by a pure function so it can be tested
// without a window or a database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace dc::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitUnusableDatabase = 1;
inline constexpr int kExitUsage = 2;

enum class CliCommand { OpenWindow, WriteDemoData, Sync, Report, Import, ShowVersion, ShowHelp };

struct CliOptions {
    CliCommand command = CliCommand::OpenWindow;
    std::optional<std::string> databasePath;  // empty: the default data-folder database
    bool fillEmptyWithDemo = false;           // `--demo` when opening the window
    uint64_t seed = 2023;
    std::optional<int> participants;
    std::optional<int> helpRequests;
    // `sync`: overrides of the endpoint and token kept in the database's settings.
    std::optional<std::string> endpoint;
    std::optional<std::string> token;
    // `report`: a calendar year, or any period from..to, or a project's own period or
    // one of its project years; for one project ("none": outside every project).
    std::optional<int> year;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> project;  // a project's name, or "none"
    std::optional<int> projectYear;      // 1 = the project's first year
    std::string format = "json";         // json | csv | sheet (the funder's one-page HTML)
    std::optional<std::string> outFile;  // written there instead of printed
    // `import`: which reference list, and the CSV file to read.
    std::optional<std::string> importList;  // a reference list, or participants | devices
    std::optional<std::string> importFile;
    // `import --list participants`: add people who match existing ones instead of skipping them.
    bool includeDuplicates = false;
    // Headless commands on an encrypted database read the passphrase from this file,
    // or else from the DIGICOACH_PASSPHRASE environment variable.
    std::optional<std::string> passphraseFile;
    // A headless command that creates a database protects it with the passphrase; this
    // says on purpose that the new file stays unencrypted (demo and test files only).
    bool noEncryption = false;
};

// What was wrong with the command line: a translation key and the offending text.
struct CliError {
    std::string messageKey;  // e.g. "cli.error.unknown_option"
    std::string argument;
};

using CliParse = std::variant<CliOptions, CliError>;

// `args` excludes the program name.
CliParse parseCommandLine(const std::vector<std::string>& args);

// Upper bound for --participants and --help-requests: far above a city's yearly volume.
inline constexpr int kMaxDemoCount = 1'000'000;

}  // namespace dc::app
