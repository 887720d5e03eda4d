// Laptop databases as the sync tests need them: participants waiting in the outbox, and
// the endpoint and token saved as the Sync screen saves them (the token encrypted once
// the database has a passphrase).
#pragma once

#include "model/store.hpp"
#include "refusing_port.hpp"
#include "sync/sync_engine.hpp"
#include "test_support.hpp"

#include <string>
#include <vector>

namespace dc::test {

// `count` new participants, saved in one transaction; returns their ids.
inline std::vector<std::string> addParticipants(Store& store, int count) {
    std::vector<std::string> ids;
    Transaction tx(store.db());
    for (int i = 0; i < count; ++i) {
        Participant p;
        p.pseudonym = "Deelnemer " + std::to_string(i);
        store.put(p, "coach-a", kTestNowMs + i);
        ids.push_back(p.meta.id);
    }
    tx.commit();
    return ids;
}

inline void saveEndpoint(Store& store, const std::string& url, const std::string& token) {
    store.setSetting(sync::kEndpointSetting, url);
    store.setSecretSetting(sync::kTokenSetting, token);
}

// A laptop database whose saved endpoint refuses every connection: "the hub cannot be reached".
struct LaptopWithUnreachableHub {
    TempDir dir;
    std::string path = dir.file("laptop.db").string();
    Store ui = Store::open(path);
    RefusingPort refusing;

    LaptopWithUnreachableHub() { saveEndpoint(ui, refusing.url(), "token"); }
};

}  // namespace dc::test
