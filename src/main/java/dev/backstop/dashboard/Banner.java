package dev.backstop.dashboard;

import dev.backstop.history.RunRecord;
import dev.backstop.status.Health;
import java.util.Locale;

/** The health banner: the {@code status} result, every problem, and the time since the last good backup. */
final class Banner {

    private Banner() {
    }

    static void render(StringBuilder sb, Page.Model m) {
        Health h = m.health();
        String state = h.state().name().toLowerCase(Locale.ROOT);
        sb.append("<section class=\"banner banner-").append(state).append("\" id=\"health\"><div class=\"state\">")
                .append(h.state().name()).append("</div><div class=\"what\"><p class=\"summary\">");
        // with several problems the worst is the headline and the others are listed under it
        sb.append(Html.esc(h.problems().size() > 1 ? h.problems().get(0).message() : h.summary())).append("</p>");
        if (h.problems().size() > 1) {
            sb.append("<ul class=\"problems\">");
            h.problems().stream().skip(1).forEach(p -> sb.append("<li><b>").append(p.state().name()).append("</b> ")
                    .append(Html.esc(p.message())).append("</li>"));
            sb.append("</ul>");
        }
        sb.append("</div><div class=\"since\" id=\"last-good\"><div class=\"label\">last good backup</div><div class=\"value\">");
        RunRecord good = m.overview().newestSuccess();
        if (good == null) {
            sb.append("never</div>");
        } else {
            sb.append(Html.esc(Page.ago(good.startedAt(), m.now()))).append("</div><div class=\"sub\">")
                    .append(Html.esc(good.id())).append("</div>");
        }
        sb.append("</div></section>");
    }
}
