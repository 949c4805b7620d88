package onedoor;

import java.nio.charset.Charset;

/**
 * The Java example, run by ctest under LANG=C (an ASCII default charset): open an engine,
 * take an application at a town window, route it, read it back in UTF-8, see a bad
 * request refused.  java -cp jna.jar:onedoor.jar onedoor.Example DISTRICT_FILE DB_FILE
 */
public final class Example {
    static final String GULOU = "\"actor\":{\"officer\":\"GL-001\",\"unit\":\"town.gulou\",\"role\":\"officer\"}";

    static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("java: FAILED: " + what);
            System.exit(1);
        }
    }

    static String member(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    public static void main(String[] args) {
        String name = "王明华";
        check(Engine.versionNumber() / 1000000 == 1, "library major 1, got " + Engine.version());
        System.out.println("java: default charset " + Charset.defaultCharset());
        String config = "{\"database\":\"" + args[1] + "\",\"district_file\":\"" + args[0] + "\","
                + "\"clock\":\"manual\",\"clock_start\":\"2026-03-02T09:00:00+08:00\",\"delivery\":{\"workers\":0}}";
        try (Engine eng = new Engine(config)) {
            String taken = eng.call("intake", "{" + GULOU + ",\"applicant\":{\"name\":\"" + name + "\","
                    + "\"id_number\":\"371502198001010018\",\"hukou_town\":\"gulou\"},"
                    + "\"hardship\":\"因病致贫\",\"categories\":[\"dibao\"]}");
            String caseId = member(taken, "case_id");
            String itemId = caseId + "-1";
            check(taken.contains("\"id\":\"" + itemId + "\""), "item id in " + taken);
            String routed = eng.call("route", "{" + GULOU + ",\"item_id\":\"" + itemId + "\",\"type\":\"distribute\"}");
            check("town.gulou.office".equals(member(routed, "holder")), "routed to the office: " + routed);
            check("notified".equals(member(routed, "state")), "notified: " + routed);
            String kase = eng.call("case.get", "{" + GULOU + ",\"case_id\":\"" + caseId + "\"}");
            check(name.equals(member(kase, "name")), "the name reads back as UTF-8, not '" + member(kase, "name") + "'");
            try {
                eng.call("intake", "{" + GULOU + ",\"applicant\":{\"name\":\"" + name + "\","
                        + "\"id_number\":\"371502198001010011\",\"hukou_town\":\"gulou\"},"
                        + "\"hardship\":\"x\",\"categories\":[\"dibao\"]}");
                check(false, "a wrong check character was accepted");
            } catch (OnedoorException e) {
                check(e.status() == Engine.INVALID && "applicant.id_number".equals(e.field()), "error: " + e.getMessage());
            }
            try {
                new Engine("{\"database\":\"" + args[1] + "\"}").close();
                check(false, "a configuration without a district was accepted");
            } catch (OnedoorException e) {
                check(e.status() == Engine.CONFIG && "CONFIG".equals(e.code()), "config error: " + e.getMessage());
            }
            System.out.println("java: " + caseId + " routed to town.gulou.office, bad ID refused (" + Engine.version() + ")");
        }
    }
}
