// The one place numbers become text for people.
#include "model/number_format.hpp"

#include <cstdio>

namespace dc {

std::string formatNumber(double value, int decimals, const NumberStyle& style) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    std::string number = text;
    const bool negative = number.front() == '-';
    if (negative) number.erase(0, 1);
    const std::string::size_type point = number.find('.');
    const std::string whole = number.substr(0, point);
    std::string result;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) result += style.thousandsSeparator;
        result += whole[i];
    }
    if (point != std::string::npos) result += style.decimalMark + number.substr(point + 1);
    // "-0" is what a tiny negative rounds to; nobody writes it.
    const bool zero = result.find_first_not_of("0" + style.decimalMark) == std::string::npos;
    return negative && !zero ? "-" + result : result;
}

}  // namespace dc
