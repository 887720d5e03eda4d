// The commands behind the command-line contract.
#include "app/commands.hpp"

#include "app/i18n.hpp"
#include "app/passphrase.hpp"
#include "app/screens/settings.hpp"
#include "app/session.hpp"
#include "model/record_import.hpp"
#include "model/demo_data.hpp"
#include "model/figures.hpp"
#include "model/file_output.hpp"
#include "model/funder_sheet.hpp"
#include "model/projects.hpp"
#include "model/store.hpp"
#include "sync/sync_engine.hpp"
#include "platform/data_paths.hpp"
#include "platform/main_loop.hpp"
#include "platform/stop_signals.hpp"
#include "platform/window.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#ifndef DIGICOACH_VERSION
#define DIGICOACH_VERSION "0.0.0"
#endif

namespace dc::app {
namespace {

void reportStoreError(const StoreError& error, std::ostream& err) {
    err << trFormat("cli.store_error", {error.path(), tr(error.messageKey())}) << "\n";
    err << "  (" << error.what() << ")\n";
}

// What a headless command does with its database file.
enum class DatabaseUse {
    ReadExisting,  // `report`: a missing file is a typo, never a new empty database
    MayCreate,     // `demo`, `sync`, `import`: a new file is protected before anything is written
};

std::optional<std::string> passphraseFor(const CliOptions& options) {
    if (options.passphraseFile) {
        std::ifstream file(*options.passphraseFile);
        std::string line;
        if (file && std::getline(file, line)) return line;
        return std::nullopt;
    }
    if (const char* fromEnvironment = std::getenv("DIGICOACH_PASSPHRASE")) return std::string(fromEnvironment);
    return std::nullopt;
}

// Opens the database of a headless command. A new file is protected with the passphrase
// from --passphrase-file or DIGICOACH_PASSPHRASE (or, with --no-encryption, left
// plain on purpose); an encrypted one is unlocked with it. Every refusal happens before
// a record is read or written. Messages go to `err`.
std::optional<Store> openForCommand(const CliOptions& options, DatabaseUse use, std::ostream& err) {
    const std::string& path = *options.databasePath;
    std::error_code statError;
    const bool exists = std::filesystem::exists(path, statError);
    if (!exists && use == DatabaseUse::ReadExisting) {
        err << trFormat("cli.no_database", {path}) << "\n";
        return std::nullopt;
    }
    const std::optional<std::string> passphrase = options.noEncryption ? std::nullopt : passphraseFor(options);
    if (options.passphraseFile && !passphrase) {
        err << trFormat("cli.passphrase_file_unreadable", {*options.passphraseFile}) << "\n";
        return std::nullopt;
    }
    if (!exists && !passphrase && !options.noEncryption) {
        err << trFormat("cli.new_database_needs_passphrase", {path}) << "\n";
        return std::nullopt;
    }
    // The window's rule for a new passphrase holds for a file made headless too.
    if (!exists && passphrase && passphrase->size() < kMinPassphraseLength) {
        err << trFormat("cli.passphrase_too_short", {path, std::to_string(kMinPassphraseLength)}) << "\n";
        return std::nullopt;
    }
    std::optional<Store> store;
    try {
        store.emplace(Store::open(path));
    } catch (const StoreError& error) {
        reportStoreError(error, err);
        return std::nullopt;
    }
    if (!exists) {
        if (passphrase) store->protect(*passphrase);
        return store;
    }
    switch (store->protection()) {
        case Protection::Locked:
            if (!passphrase) {
                err << trFormat("cli.passphrase_needed", {path}) << "\n";
                return std::nullopt;
            }
            if (!store->unlock(*passphrase)) {
                err << trFormat("cli.passphrase_wrong", {path}) << "\n";
                return std::nullopt;
            }
            return store;
        case Protection::None:
            // A passphrase for a file it does not protect is a mistake: the coach believes
            // the data is encrypted, or has the wrong file.
            if (passphrase) {
                err << trFormat("cli.passphrase_for_plain_database", {path}) << "\n";
                return std::nullopt;
            }
            return store;
        case Protection::Unlocked: return store;
    }
    return store;
}

// What the window's frames use. On the heap and shared with the frame loop: in a browser
// the frames run after openWindow has returned (Emscripten's main loop), and must still
// find it all there.
struct OpenWindow {
    // Before any thread starts (the GL driver's, the sync worker), so each inherits the
    // blocked signals and only the waiter takes them.
    platform::StopSignals stopSignals;
    SystemClock clock;
    std::optional<Store> store;
    std::optional<platform::Window> window;
    std::optional<Session> session;
    // The start-up benchmark times the real program from exec to its first frame on screen.
    bool reportFirstFrame = std::getenv("DIGICOACH_REPORT_FIRST_FRAME") != nullptr;
    // With it, one more line when the window first comes to rest, so a test waits for
    // that rather than for a guessed time.
    bool reportAtRest = reportFirstFrame;

    bool drawFrame() {
        if (stopSignals.stopRequested()) return false;
        if (session->prepareFrame()) window->rebuildFontTexture();
        window->beginFrame();
        session->drawFrame();
        window->endFrame();
        if (reportFirstFrame) {
            std::cout << "first frame drawn" << std::endl;
            reportFirstFrame = false;
        }
        return true;
    }
    // Wakes up in time for the idle lock and a draft's last keys even when no input comes.
    std::optional<double> secondsUntilWake() {
        if (reportAtRest && window->framesOwed() == 0) {
            std::cout << "at rest, waiting for input" << std::endl;
            reportAtRest = false;
        }
        return session->secondsUntilWake();
    }
};

int openWindow(const CliOptions& options) {
    const std::string path = options.databasePath ? *options.databasePath : platform::defaultDatabasePath().string();
    auto open = std::make_shared<OpenWindow>();
    try {
        // A big file is read whole after the first frame, off the UI thread (Session).
        open->store.emplace(Store::open(path, IntegrityCheck::Later));
    } catch (const StoreError& error) {
        reportStoreError(error, std::cerr);
        return kExitUnusableDatabase;
    }
    platform::WindowOptions windowOptions{tr("app.title"), 1366, 768, false};
    // A test sets a heartbeat longer than it ever waits, so that only the event it is
    // about (a stop signal) can wake the idle window.
    if (const char* heartbeat = std::getenv("DIGICOACH_IDLE_HEARTBEAT_SECONDS"))
        windowOptions.idleTimeoutSeconds = std::max(0.1, std::atof(heartbeat));
    open->window.emplace(windowOptions);
    open->stopSignals.wakeWindowOnSignal();
    SessionOptions sessionOptions;
    sessionOptions.checkFileAfterFirstFrame = path;
    // Filled only once a passphrase protects the file, so demo names are encrypted too.
    if (options.fillEmptyWithDemo)
        sessionOptions.beforeFirstShell = [clock = &open->clock](Store& opened) {
            if (!hasFieldRecords(opened)) generateDemoData(opened, DemoOptions{}, *clock);
        };
    open->session.emplace(*open->store, open->clock, platform::assetsDirectory() / "i18n", std::move(sessionOptions));
    platform::runMainLoop(*open->window, {.betweenFrames = [open] { open->session->advanceBackgroundWork(); },
                                          .secondsUntilWake = [open] { return open->secondsUntilWake(); },
                                          .drawFrame = [open] { return open->drawFrame(); }});
    open->session->flushDrafts();
    return kExitOk;
}

}  // namespace

std::string commandLineLanguage() {
    for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(variable);
        if (!value || !*value) continue;
        return std::string(value).starts_with("en") ? "en" : kDefaultLanguage;
    }
    return kDefaultLanguage;
}

int writeDemoData(const CliOptions& options, std::ostream& out, std::ostream& err) {
    std::optional<Store> store = openForCommand(options, DatabaseUse::MayCreate, err);
    if (!store) return kExitUnusableDatabase;
    DemoOptions demo;
    demo.seed = options.seed;
    if (options.participants) demo.participants = *options.participants;
    if (options.helpRequests) demo.helpRequests = *options.helpRequests;
    SystemClock clock;
    DemoSummary summary;
    try {
        summary = generateDemoData(*store, demo, clock);
    } catch (const StoreLockedError&) {
        // Writing personal fields needs the key; the demo transaction rolled back untouched.
        err << trFormat("cli.store_locked", {*options.databasePath}) << "\n";
        return kExitUnusableDatabase;
    }
    out << trFormat("cli.demo_summary",
                    {*options.databasePath, std::to_string(summary.participants), std::to_string(summary.helpRequests),
                     std::to_string(summary.devices), std::to_string(summary.handouts),
                     std::to_string(summary.groupSessions), std::to_string(summary.screenings)})
        << "\n";
    return kExitOk;
}

#ifndef __EMSCRIPTEN__
// libcurl and a blocking round: laptops only (a page syncs from its window).
int syncOnceCommand(const CliOptions& options, std::ostream& out, std::ostream& err) {
    std::optional<Store> store = openForCommand(options, DatabaseUse::MayCreate, err);
    if (!store) return kExitUnusableDatabase;
    sync::HttpOptions http;
    http.baseUrl = options.endpoint.value_or(store->setting(sync::kEndpointSetting).value_or(""));
    http.token = options.token.value_or(store->secretSetting(sync::kTokenSetting).value_or(""));
    sync::HttpClient client(http);
    const sync::SyncReport report = sync::syncOnce(*store, client);
    out << trFormat("cli.sync_summary", {std::to_string(report.pushed), std::to_string(report.rejected),
                                         std::to_string(report.pulled), std::to_string(report.waiting),
                                         tr(sync::problemMessageKey(report.problem))})
        << "\n";
    return report.ok() && report.waiting == 0 ? kExitOk : kExitUnusableDatabase;
}
#endif

namespace {

// The figures a report asks for: its project ("none" or a name) and its period. An unknown
// project or a project year it never had is a mistake in the command: a message and false.
bool reportFilter(Store& store, const CliOptions& options, FigureFilter& filter, std::optional<Project>& project,
                  std::ostream& err) {
    const std::string today = localDate(SystemClock().nowMs());
    if (options.project && *options.project == "none") {
        filter.projectId = kNoProject;
    } else if (options.project) {
        project = findProjectByName(store, *options.project);
        if (!project) {
            std::string known;
            for (const Project& p : store.all<Project>()) known += (known.empty() ? "" : ", ") + p.name;
            err << trFormat("cli.unknown_project", {*options.project, known.empty() ? "-" : known}) << "\n";
            return false;
        }
        filter.projectId = project->meta.id;
    }
    if (options.year) {
        filter.period = Period::year(*options.year);
    } else if (options.from) {
        filter.period = Period::range(*options.from, *options.to);
    } else {
        // The project's own period: its dates came from a coordinator's laptop through the
        // hub, so they may be broken on this one; the command says so instead of guessing.
        if (!projectPeriod(*project, today)) {
            err << trFormat("cli.project_dates_invalid",
                            {project->name, project->startsOn, project->endsOn.value_or("-")})
                << "\n";
            return false;
        }
        if (options.projectYear) {
            const std::optional<Period> year = projectYear(*project, *options.projectYear);
            if (!year) {
                err << trFormat("cli.no_such_project_year", {project->name, std::to_string(*options.projectYear)})
                    << "\n";
                return false;
            }
            filter.period = *year;
        } else {
            filter.period = *projectPeriod(*project, today);
        }
    }
    return true;
}

}  // namespace

int reportCommand(const CliOptions& options, std::ostream& out, std::ostream& err) {
    std::optional<Store> store = openForCommand(options, DatabaseUse::ReadExisting, err);
    if (!store) return kExitUnusableDatabase;
    FigureFilter filter;
    std::optional<Project> project;
    filter.namesLanguage = translator().language();
    if (!reportFilter(*store, options, filter, project, err)) return kExitUsage;
    const Figures figures = computeFigures(*store, filter);
    const Wording words = translator().wording();
    std::string text;
    if (options.format == "csv")
        text = figuresToCsv(figures, ';', words);
    else if (options.format == "sheet")
        text = funderSheetHtml(figures, *project, words);
    else
        text = figuresToJson(figures).dump(2) + "\n";
    if (!options.outFile) {
        out << text;
        return kExitOk;
    }
    try {
        writeFileReplacing(*options.outFile, text);
    } catch (const std::runtime_error& error) {
        err << trFormat("cli.report_not_written", {*options.outFile, error.what()}) << "\n";
        return kExitUnusableDatabase;
    }
    out << trFormat("cli.report_written", {*options.outFile}) << "\n";
    return kExitOk;
}

namespace {

// Every refused line with its number and reason; nothing was imported.
int reportImportProblems(const std::vector<ImportProblem>& problems, const CliOptions& options, std::ostream& err) {
    for (const ImportProblem& problem : problems) {
        err << trFormat("cli.import_problem", {*options.importFile, std::to_string(problem.line), importProblemReason(problem)})
            << "\n";
    }
    err << trFormat("cli.import_nothing_changed", {*options.databasePath}) << "\n";
    return kExitUnusableDatabase;
}

// Participants or devices: the duplicates found are listed so the coordinator sees what
// was skipped (or added all the same with --include-duplicates).
int importRecords(ServiceContext& ctx, RecordList list, std::string_view text, const CliOptions& options,
                  std::ostream& out, std::ostream& err) {
    const RecordImportResult result =
        importRecordsCsv(ctx, list, text, RecordImportOptions{.includeDuplicates = options.includeDuplicates});
    if (!result.ok()) return reportImportProblems(result.problems, options, err);
    const char* duplicateKey = options.includeDuplicates ? "cli.import_duplicate_added" : "cli.import_duplicate_skipped";
    for (const ImportMatch& duplicate : result.duplicates)
        out << trFormat(duplicateKey, {*options.importFile, std::to_string(duplicate.line), duplicate.label}) << "\n";
    const std::size_t skipped = options.includeDuplicates ? 0 : result.duplicates.size();
    out << trFormat("cli.import_records_summary", {*options.importList, std::to_string(result.added),
                                                   std::to_string(result.updated), std::to_string(skipped)})
        << "\n";
    return kExitOk;
}

}  // namespace

int importCommand(const CliOptions& options, std::ostream& out, std::ostream& err) {
    const std::string& path = *options.importFile;
    const CsvFile file = readCsvFile(path);
    if (file.status != CsvFile::Status::Read) {
        err << trFormat(file.status == CsvFile::Status::TooLarge ? "cli.import_too_large" : "cli.import_unreadable", {path})
            << "\n";
        return kExitUnusableDatabase;
    }
    std::optional<Store> store = openForCommand(options, DatabaseUse::MayCreate, err);
    if (!store) return kExitUnusableDatabase;
    SystemClock clock;
    ServiceContext ctx{*store, clock, store->setting(kSettingCoachId).value_or("import")};
    if (const std::optional<RecordList> records = recordListFromName(*options.importList))
        return importRecords(ctx, *records, file.text, options, out, err);
    const ImportResult result = importReferenceCsv(ctx, *referenceListFromName(*options.importList), file.text);
    if (!result.ok()) return reportImportProblems(result.problems, options, err);
    out << trFormat("cli.import_summary", {*options.importList, std::to_string(result.added),
                                           std::to_string(result.updated), std::to_string(result.unchanged)})
        << "\n";
    return kExitOk;
}

int runCommandLine(const std::vector<std::string>& args) {
    try {
        translator().load(platform::assetsDirectory() / "i18n", commandLineLanguage());
    } catch (const std::exception& error) {
        std::cerr << "digicoach: " << error.what() << "\n";
        return kExitUnusableDatabase;
    }
    const CliParse parsed = parseCommandLine(args);
    if (const CliError* error = std::get_if<CliError>(&parsed)) {
        std::cerr << "digicoach: " << trFormat(error->messageKey, {error->argument}) << "\n"
                  << tr("cli.see_help") << "\n";
        return kExitUsage;
    }
    const CliOptions& options = std::get<CliOptions>(parsed);
    switch (options.command) {
        case CliCommand::ShowHelp: std::cout << tr("cli.help") << "\n"; return kExitOk;
        case CliCommand::ShowVersion: std::cout << "digicoach " << DIGICOACH_VERSION << "\n"; return kExitOk;
        case CliCommand::WriteDemoData: return writeDemoData(options, std::cout, std::cerr);
        case CliCommand::Sync:
#ifdef __EMSCRIPTEN__
            return kExitUsage;  // a page has no command line; its window syncs
#else
            return syncOnceCommand(options, std::cout, std::cerr);
#endif
        case CliCommand::Report: return reportCommand(options, std::cout, std::cerr);
        case CliCommand::Import: return importCommand(options, std::cout, std::cerr);
        case CliCommand::OpenWindow: break;
    }
    try {
        return openWindow(options);
    } catch (const platform::WindowError& error) {
        std::cerr << "digicoach: " << tr("cli.no_display") << " (" << error.what() << ")\n";
        return kExitUnusableDatabase;
    }
}

}  // namespace dc::app
