package dev.meshfleet.deploy;

import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;

/** One scrape of /q/metrics (Prometheus text format), as series: name, labels, value. */
record Scrape(List<Series> series) {
    record Series(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:\\\\.|[^\"\\\\])*)\"");

    static Scrape of(URL metrics) {
        String text = RestAssured.get(metrics).then().statusCode(200).extract().asString();
        List<Series> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0) {
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            }
            String value = line.substring(space + 1);
            out.add(new Series(name, labels, value.equals("NaN") ? Double.NaN : Double.parseDouble(value)));
        }
        return new Scrape(out);
    }

    boolean has(String name) {
        return series.stream().anyMatch(s -> s.name().equals(name));
    }

    List<String> labelNames(String name) {
        return series.stream().filter(s -> s.name().equals(name)).flatMap(s -> s.labels().keySet().stream()).distinct().toList();
    }

    /** The value of the series with this name whose labels include {@code labels}. */
    Optional<Double> value(String name, Map<String, String> labels) {
        return series.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .map(Series::value).findFirst();
    }
}
