// libsodium behind FieldCipher: Argon2id for the passphrase, XChaCha20-Poly1305 per field.
#include "model/crypto.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace dc {

void initCrypto() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

KdfLimits KdfLimits::moderate() { return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE}; }
KdfLimits KdfLimits::interactive() { return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE}; }
KdfLimits KdfLimits::forThisDevice() {
#ifdef __EMSCRIPTEN__
    return interactive();
#else
    return moderate();
#endif
}
KdfLimits KdfLimits::minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

namespace {

using Key = std::array<unsigned char, 32>;

Key deriveKey(std::string_view passphrase, const std::string& salt, KdfLimits limits) {
    Key key{};
    if (salt.size() != crypto_pwhash_SALTBYTES ||
        crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(),
                      reinterpret_cast<const unsigned char*>(salt.data()), limits.opsLimit,
                      static_cast<size_t>(limits.memLimitBytes), crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("the passphrase key could not be derived (out of memory?)");
    return key;
}

std::string randomBytes(std::size_t count) {
    std::string bytes(count, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
}

const unsigned char* bytesOf(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

FieldCipher::~FieldCipher() { sodium_memzero(key_.data(), key_.size()); }

FieldCipher FieldCipher::generate() {
    initCrypto();
    FieldCipher cipher;
    crypto_aead_xchacha20poly1305_ietf_keygen(cipher.key_.data());
    return cipher;
}

WrappedKey FieldCipher::wrap(std::string_view passphrase, KdfLimits limits) const {
    initCrypto();
    WrappedKey wrapped;
    wrapped.limits = limits;
    wrapped.salt = randomBytes(crypto_pwhash_SALTBYTES);
    wrapped.nonce = randomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    Key kek = deriveKey(passphrase, wrapped.salt, limits);
    wrapped.ciphertext.resize(key_.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(wrapped.ciphertext.data()), &length,
                                               key_.data(), key_.size(), nullptr, 0, nullptr,
                                               bytesOf(wrapped.nonce), kek.data());
    sodium_memzero(kek.data(), kek.size());
    return wrapped;
}

std::optional<FieldCipher> FieldCipher::unwrap(const WrappedKey& wrapped, std::string_view passphrase) {
    initCrypto();
    if (wrapped.nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
        wrapped.ciphertext.size() != 32 + crypto_aead_xchacha20poly1305_ietf_ABYTES)
        return std::nullopt;
    Key kek = deriveKey(passphrase, wrapped.salt, wrapped.limits);
    FieldCipher cipher;
    unsigned long long length = 0;
    const int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
        cipher.key_.data(), &length, nullptr, bytesOf(wrapped.ciphertext), wrapped.ciphertext.size(), nullptr, 0,
        bytesOf(wrapped.nonce), kek.data());
    sodium_memzero(kek.data(), kek.size());
    if (rc != 0) return std::nullopt;
    return cipher;
}

std::string FieldCipher::encrypt(std::string_view plaintext, std::string_view context) const {
    if (plaintext.empty()) return {};
    std::string sealed = randomBytes(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    sealed.resize(sealed.size() + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long length = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(sealed.data()) + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &length,
        bytesOf(plaintext), plaintext.size(), bytesOf(context), context.size(), nullptr, bytesOf(sealed),
        key_.data());
    std::string text(sodium_base64_ENCODED_LEN(sealed.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(text.data(), text.size(), bytesOf(sealed), sealed.size(), sodium_base64_VARIANT_ORIGINAL);
    text.resize(text.size() - 1);  // the terminating NUL
    return std::string(kPrefix) + text;
}

std::optional<std::string> FieldCipher::decrypt(std::string_view stored, std::string_view context) const {
    if (stored.empty()) return std::string();
    if (!looksEncrypted(stored)) return std::nullopt;
    const std::string_view encoded = stored.substr(kPrefix.size());
    std::vector<unsigned char> sealed(encoded.size());
    size_t sealedLength = 0;
    if (sodium_base642bin(sealed.data(), sealed.size(), encoded.data(), encoded.size(), nullptr, &sealedLength,
                          nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        sealedLength < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES)
        return std::nullopt;
    const std::size_t cipherLength = sealedLength - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string plaintext(cipherLength - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &length,
                                                   nullptr, sealed.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
                                                   cipherLength, bytesOf(context), context.size(), sealed.data(),
                                                   key_.data()) != 0)
        return std::nullopt;
    plaintext.resize(static_cast<std::size_t>(length));
    return plaintext;
}

}  // namespace dc
