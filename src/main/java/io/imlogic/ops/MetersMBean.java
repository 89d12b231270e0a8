package io.imlogic.ops;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service's meters as the read-only long attributes of one JMX MBean, described as {@link Meter} says. */
final class MetersMBean implements DynamicMBean {

    private final Map<String, Meter> byAttribute = new LinkedHashMap<>();
    private final MBeanInfo info;

    MetersMBean(List<Meter> meters) {
        meters.forEach(meter -> byAttribute.put(meter.attribute(), meter));
        MBeanAttributeInfo[] attributes = byAttribute.values().stream()
                .map(meter -> new MBeanAttributeInfo(meter.attribute(), "long", meter.description(), true, false,
                        false))
                .toArray(MBeanAttributeInfo[]::new);
        info = new MBeanInfo(MetersMBean.class.getName(), "im-logic's own meters, as on /observe/metrics",
                attributes, null, new MBeanOperationInfo[0], null);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Meter meter = byAttribute.get(attribute);
        if (meter == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return meter.value().getAsLong();
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            Meter meter = byAttribute.get(attribute);
            if (meter != null) {
                list.add(new Attribute(attribute, meter.value().getAsLong()));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
