// The funder's sheet: one printable page (HTML with print CSS) with the indicators a
// project reports, for one period, with counts of few people hidden.
#pragma once

#include "model/figures.hpp"

#include <cstdint>
#include <string>

namespace dc {

// Counts of people below this are printed as "< 5", so that no one can be recognised.
inline constexpr int64_t kSmallestCountShown = 5;

// "< 5" for 1 to 4, the number itself otherwise (0 names no one).
std::string countOrSmall(int64_t count, const NumberStyle& numbers);

// The sheet for `project` from figures computed for that project and period, in
// `words`' language.
std::string funderSheetHtml(const Figures& figures, const Project& project, const Wording& words);

}  // namespace dc
