// Parsing of the command line into CliOptions; no side effects.
#include "app/cli.hpp"

#include "app/i18n.hpp"
#include "model/clock.hpp"
#include "model/record_import.hpp"

#include <charconv>
#include <string_view>

namespace dc::app {
namespace {

template <class Number>
bool parseNumber(std::string_view text, Number& out) {
    if (text.empty()) return false;
    const char* end = text.data() + text.size();
    auto [ptr, error] = std::from_chars(text.data(), end, out);
    return error == std::errc() && ptr == end;
}

// Splits "--name=value" so both "--db x" and "--db=x" are accepted.
struct OptionToken {
    std::string_view name;
    std::optional<std::string_view> inlineValue;
};

OptionToken splitOption(std::string_view arg) {
    if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos)
        return {arg.substr(0, eq), arg.substr(eq + 1)};
    return {arg, std::nullopt};
}

// One way to name the period of a report: --year, or --from and --to together, or a
// project's own period (--project alone) or one of its years (--project-year).
std::optional<CliError> reportPeriodError(const CliOptions& options) {
    const bool range = options.from || options.to;
    if (options.from.has_value() != options.to.has_value())
        return CliError{trKey("cli.error.from_and_to"), options.from ? "--from" : "--to"};
    if (options.year && range) return CliError{trKey("cli.error.one_period"), "--year"};
    if (options.projectYear && (options.year || range)) return CliError{trKey("cli.error.one_period"), "--project-year"};
    const bool namedProject = options.project && *options.project != "none";
    if (options.projectYear && !namedProject) return CliError{trKey("cli.error.project_year_needs_project"), "--project-year"};
    if (range && *options.to < *options.from)
        return CliError{trKey("cli.error.period_reversed"), *options.from + " " + *options.to};
    if (!options.year && !range && !namedProject) return CliError{trKey("cli.error.report_needs_year"), "report"};
    if (options.format == "sheet" && !namedProject) return CliError{trKey("cli.error.sheet_needs_project"), "--format sheet"};
    return std::nullopt;
}

}  // namespace

CliParse parseCommandLine(const std::vector<std::string>& args) {
    CliOptions options;
    size_t i = 0;
    if (!args.empty() && (args[0] == "demo" || args[0] == "sync" || args[0] == "report" || args[0] == "import")) {
        options.command = args[0] == "demo"     ? CliCommand::WriteDemoData
                          : args[0] == "sync"   ? CliCommand::Sync
                          : args[0] == "report" ? CliCommand::Report
                                                : CliCommand::Import;
        i = 1;
    }
    const bool demoCommand = options.command == CliCommand::WriteDemoData;
    const bool syncCommand = options.command == CliCommand::Sync;
    const bool reportCommand = options.command == CliCommand::Report;
    const bool importCommand = options.command == CliCommand::Import;
    const bool headless = demoCommand || syncCommand || reportCommand || importCommand;

    for (; i < args.size(); ++i) {
        const OptionToken token = splitOption(args[i]);
        auto takeValue = [&](std::string_view& value) -> bool {
            if (token.inlineValue) {
                value = *token.inlineValue;
                return true;
            }
            if (i + 1 >= args.size()) return false;
            value = args[++i];
            return true;
        };
        auto takeCount = [&](std::optional<int>& target) -> std::optional<CliError> {
            std::string_view value;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), std::string(token.name)};
            int count = 0;
            if (!parseNumber(value, count) || count < 0 || count > kMaxDemoCount)
                return CliError{trKey("cli.error.bad_count"), std::string(token.name) + " " + std::string(value)};
            target = count;
            return std::nullopt;
        };

        if (token.name == "--help" || token.name == "-h") {
            options.command = CliCommand::ShowHelp;
            return options;
        }
        if (token.name == "--version") {
            options.command = CliCommand::ShowVersion;
            return options;
        }
        if (token.name == "--db") {
            std::string_view value;
            if (!takeValue(value) || value.empty()) return CliError{trKey("cli.error.missing_value"), "--db"};
            options.databasePath = std::string(value);
        } else if (token.name == "--demo" && !demoCommand && !token.inlineValue) {
            options.fillEmptyWithDemo = true;
        } else if (token.name == "--seed" && demoCommand) {
            std::string_view value;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), "--seed"};
            uint64_t seed = 0;
            if (!parseNumber(value, seed)) return CliError{trKey("cli.error.bad_seed"), std::string(value)};
            options.seed = seed;
        } else if (token.name == "--participants" && demoCommand) {
            if (auto error = takeCount(options.participants)) return *error;
        } else if (token.name == "--help-requests" && demoCommand) {
            if (auto error = takeCount(options.helpRequests)) return *error;
        } else if ((token.name == "--endpoint" || token.name == "--token") && syncCommand) {
            std::string_view value;
            if (!takeValue(value) || value.empty()) return CliError{trKey("cli.error.missing_value"), std::string(token.name)};
            (token.name == "--endpoint" ? options.endpoint : options.token) = std::string(value);
        } else if (token.name == "--year" && reportCommand) {
            std::string_view value;
            int year = 0;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), "--year"};
            if (!parseNumber(value, year) || year < 2000 || year > 2100)
                return CliError{trKey("cli.error.bad_year"), std::string(value)};
            options.year = year;
        } else if ((token.name == "--from" || token.name == "--to") && reportCommand) {
            std::string_view value;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), std::string(token.name)};
            if (!isValidDate(value))
                return CliError{trKey("cli.error.bad_date"), std::string(token.name) + " " + std::string(value)};
            (token.name == "--from" ? options.from : options.to) = std::string(value);
        } else if (token.name == "--project" && reportCommand) {
            std::string_view value;
            if (!takeValue(value) || value.empty()) return CliError{trKey("cli.error.missing_value"), "--project"};
            options.project = std::string(value);
        } else if (token.name == "--project-year" && reportCommand) {
            std::string_view value;
            int number = 0;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), "--project-year"};
            if (!parseNumber(value, number) || number < 1 || number > 100)
                return CliError{trKey("cli.error.bad_project_year"), std::string(value)};
            options.projectYear = number;
        } else if (token.name == "--out" && reportCommand) {
            std::string_view value;
            if (!takeValue(value) || value.empty()) return CliError{trKey("cli.error.missing_value"), "--out"};
            options.outFile = std::string(value);
        } else if (token.name == "--format" && reportCommand) {
            std::string_view value;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), "--format"};
            if (value != "json" && value != "csv" && value != "sheet")
                return CliError{trKey("cli.error.bad_format"), std::string(value)};
            options.format = std::string(value);
        } else if (token.name == "--list" && importCommand) {
            std::string_view value;
            if (!takeValue(value)) return CliError{trKey("cli.error.missing_value"), "--list"};
            if (!referenceListFromName(value) && !recordListFromName(value))
                return CliError{trKey("cli.error.bad_list"), std::string(value)};
            options.importList = std::string(value);
        } else if (token.name == "--include-duplicates" && importCommand && !token.inlineValue) {
            options.includeDuplicates = true;
        } else if (token.name == "--passphrase-file" && headless) {
            std::string_view value;
            if (!takeValue(value) || value.empty()) return CliError{trKey("cli.error.missing_value"), "--passphrase-file"};
            options.passphraseFile = std::string(value);
        } else if (token.name == "--no-encryption" && headless && !reportCommand && !token.inlineValue) {
            options.noEncryption = true;
        } else if (token.name.starts_with("-")) {
            return CliError{trKey("cli.error.unknown_option"), args[i]};
        } else if (importCommand && !options.importFile) {
            options.importFile = args[i];
        } else {
            return CliError{trKey("cli.error.unexpected_argument"), args[i]};
        }
    }
    // Demo data is only ever written to a file named on purpose, never to the coach's own database.
    if (demoCommand && !options.databasePath) return CliError{trKey("cli.error.demo_needs_db"), "demo"};
    if (syncCommand && !options.databasePath) return CliError{trKey("cli.error.demo_needs_db"), "sync"};
    if (reportCommand && !options.databasePath) return CliError{trKey("cli.error.demo_needs_db"), "report"};
    if (importCommand && !options.databasePath) return CliError{trKey("cli.error.demo_needs_db"), "import"};
    if (importCommand && !options.importList) return CliError{trKey("cli.error.import_needs_list"), "import"};
    if (importCommand && !options.importFile) return CliError{trKey("cli.error.import_needs_file"), "import"};
    if (options.includeDuplicates && options.importList != "participants")
        return CliError{trKey("cli.error.include_duplicates_needs_participants"), "--include-duplicates"};
    if (reportCommand) {
        if (auto error = reportPeriodError(options)) return *error;
    }
    if (options.noEncryption && options.passphraseFile)
        return CliError{trKey("cli.error.passphrase_and_no_encryption"), "--no-encryption"};
    if (syncCommand && options.endpoint.has_value() != options.token.has_value())
        return CliError{trKey("cli.error.endpoint_and_token"), "sync"};
    return options;
}

}  // namespace dc::app
