// The schema history: migration N takes a database from user_version N-1 to N.
#pragma once

#include <span>
#include <string_view>

namespace dc {

struct Migration {
    int version;
    std::string_view sql;
};

std::span<const Migration> migrations();

// Stamped into the file header so another program's SQLite file is recognised.
inline constexpr int kApplicationId = 0x44474331;  // "DGC1"

}  // namespace dc
