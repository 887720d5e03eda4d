// Numbers as a coach reads them, on the Report screen and in its exports alike:
// "16.575" and "8,5" in Dutch, "16,575" and "8.5" in English.
#pragma once

#include <string>

namespace dc {

// The marks come from the translations ("report.thousands_separator", "report.decimal_mark").
struct NumberStyle {
    std::string thousandsSeparator = ".";
    std::string decimalMark = ",";
};

// `value` rounded to `decimals` places, its thousands grouped: 16575 -> "16.575".
std::string formatNumber(double value, int decimals, const NumberStyle& style);

}  // namespace dc
