// The message shown when the database file was found damaged.
#include "app/screens/damaged_file.hpp"

#include "app/i18n.hpp"
#include "app/ui_probe.hpp"
#include "app/widgets.hpp"

#include <imgui.h>

namespace dc::app {

void DamagedFileScreen::drawFrame() {
    probe::beginFrame();
    ui::beginCentredPage("##damaged");
    ui::heading(tr("damaged.title"));
    ui::problemText(trFormat("damaged.explanation", {path_}).c_str());
    probe::noteLastItem("damaged.explanation");
    ImGui::TextWrapped("%s", tr("damaged.what_to_do"));
    ui::endCentredPage();
}

}  // namespace dc::app
