// Encryption at rest of personal fields (libsodium). A random data key encrypts each
// personal field with XChaCha20-Poly1305; the data key itself is stored only wrapped
// with a key derived from the coach's passphrase (Argon2id). Changing the passphrase
// re-wraps the data key and rewrites no record.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dc {

struct KdfLimits {
    uint64_t opsLimit;
    uint64_t memLimitBytes;
    static KdfLimits moderate();  // coaches' laptops
    // Argon2id in a phone's browser runs single-threaded in WebAssembly, whose memory a
    // phone may refuse to grow to 256 MiB: libsodium's "interactive" limits there.
    static KdfLimits interactive();
    // What a new or changed passphrase gets on the device this build runs on. The limits
    // are stored with the wrapped key, so a file protected elsewhere still opens.
    static KdfLimits forThisDevice();
    static KdfLimits minimum();   // for tests only: fast, and still the same code path
};

// The passphrase-wrapped data key as stored in the database.
struct WrappedKey {
    std::string salt;
    std::string nonce;
    std::string ciphertext;
    KdfLimits limits{};
};

class FieldCipher {
public:
    static constexpr std::string_view kPrefix = "dc1:";

    // A new random data key.
    static FieldCipher generate();
    // The data key inside `wrapped`, or nothing if the passphrase is wrong.
    static std::optional<FieldCipher> unwrap(const WrappedKey& wrapped, std::string_view passphrase);

    FieldCipher(const FieldCipher&) = default;
    FieldCipher& operator=(const FieldCipher&) = default;
    ~FieldCipher();

    WrappedKey wrap(std::string_view passphrase, KdfLimits limits) const;

    // `context` names where the value lives ("participants/<id>/phone"), so a ciphertext
    // copied to another record or field does not decrypt. Empty text stays empty.
    std::string encrypt(std::string_view plaintext, std::string_view context) const;
    // Nothing if the text was altered, belongs elsewhere or was made with another key.
    std::optional<std::string> decrypt(std::string_view stored, std::string_view context) const;
    static bool looksEncrypted(std::string_view stored) { return stored.substr(0, kPrefix.size()) == kPrefix; }

private:
    FieldCipher() = default;
    std::array<unsigned char, 32> key_{};
};

// Ensures libsodium is initialised; safe to call from any thread, any number of times.
void initCrypto();

}  // namespace dc
