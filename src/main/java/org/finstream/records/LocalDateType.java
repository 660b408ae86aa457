package org.finstream.records;

import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Flink's POJO analysis treats {@link LocalDate} as a generic (Kryo) type; fields annotated
 * with {@code @TypeInfo(LocalDateType.class)} use Flink's own LocalDate serializer instead.
 */
public class LocalDateType extends TypeInfoFactory<LocalDate> {
    @Override
    public TypeInformation<LocalDate> createTypeInfo(Type t, Map<String, TypeInformation<?>> genericParameters) {
        return Types.LOCAL_DATE;
    }
}
