package dev.gatehouse.config;

import java.util.Map;

/**
 * The prices of a model billed by something other than tokens, in US dollars per unit: a Cohere
 * search unit ({@code search_unit}), a minute of audio ({@code per_minute}), a character of speech
 * input ({@code per_character}), an image ({@code per_image}, either one number or a mapping by
 * {@code quality/size}, {@code size} and {@code default}). Zero where the model is not billed so.
 *
 * @param perImageBySize image prices keyed {@code "<quality>/<size>"} or {@code "<size>"}; an image
 *     whose key is missing costs {@code perImage}
 */
public record UnitPrices(
        double searchUnit, double perMinute, double perCharacter, double perImage, Map<String, Double> perImageBySize) {

    public static final UnitPrices NONE = new UnitPrices(0, 0, 0, 0, Map.of());

    public UnitPrices {
        perImageBySize = Map.copyOf(perImageBySize);
    }

    /** Whether the model has any unit price. */
    public boolean isEmpty() {
        return searchUnit == 0 && perMinute == 0 && perCharacter == 0 && perImage == 0 && perImageBySize.isEmpty();
    }

    /** The dollar cost of {@code units}. */
    public double cost(BilledUnits units) {
        return units.searchUnits() * searchUnit
                + units.seconds() / 60.0 * perMinute
                + units.characters() * perCharacter
                + units.images() * imagePrice(units);
    }

    /** The most specific price the table has for the image: quality and size, then size, then the default. */
    private double imagePrice(BilledUnits units) {
        if (units.imageQuality() != null && units.imageSize() != null) {
            Double exact = perImageBySize.get(units.imageQuality() + "/" + units.imageSize());
            if (exact != null) {
                return exact;
            }
        }
        if (units.imageSize() != null) {
            Double bySize = perImageBySize.get(units.imageSize());
            if (bySize != null) {
                return bySize;
            }
        }
        return perImage;
    }
}
