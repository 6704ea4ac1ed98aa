// Copyright (C) 2026 The CacheScope authors.
#pragma once

#include <cachemonitor.h>
#include <costmapmodel.h>
#include <entrydetail.h>
#include <entryfiltermodel.h>
#include <eventdensity.h>
#include <eventfiltermodel.h>
#include <hitratiocurve.h>

#include <QtQml/qqmlengine.h>

// The inspector's C++ models live in a plain library (inspector/); these declarations make them
// QML types of CacheScope.Inspector without the models knowing about QML registration.
namespace CacheScope::Qml {

struct CacheMonitorForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::CacheMonitor)
    QML_NAMED_ELEMENT(CacheMonitor)
};

struct EntryFilterModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EntryFilterModel)
    QML_NAMED_ELEMENT(EntryFilterModel)
};

struct CostMapModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::CostMapModel)
    QML_NAMED_ELEMENT(CostMapModel)
};

struct EntryRowModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EntryRowModel)
    QML_NAMED_ELEMENT(EntryRowModel)
    QML_UNCREATABLE("The base of EntryModel and EntryFilterModel")
};

struct EventFilterModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EventFilterModel)
    QML_NAMED_ELEMENT(EventFilterModel)
};

struct EntryModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EntryModel)
    QML_NAMED_ELEMENT(EntryModel)
    QML_UNCREATABLE("Read it from CacheMonitor.entries")
};

struct EventListModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EventListModel)
    QML_NAMED_ELEMENT(EventListModel)
    QML_UNCREATABLE("Read it from CacheMonitor.eventLog or CacheMonitor.flushTimeline")
};

struct HistoryModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::HistoryModel)
    QML_NAMED_ELEMENT(HistoryModel)
    QML_UNCREATABLE("Read it from CacheMonitor.history")
};

struct EvictedModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EvictedModel)
    QML_NAMED_ELEMENT(EvictedModel)
    QML_UNCREATABLE("Read it from CacheMonitor.evicted")
};

struct ThrashDetectorForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::ThrashDetector)
    QML_NAMED_ELEMENT(ThrashDetector)
    QML_UNCREATABLE("Read it from CacheMonitor.thrash")
};

struct DuplicateSourceModelForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::DuplicateSourceModel)
    QML_NAMED_ELEMENT(DuplicateSourceModel)
    QML_UNCREATABLE("Read it from CacheMonitor.duplicates")
};

struct EntryDetailForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EntryDetail)
    QML_NAMED_ELEMENT(EntryDetail)
};

struct HitRatioCurveForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::HitRatioCurve)
    QML_NAMED_ELEMENT(HitRatioCurve)
};

struct TimeWindowForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::TimeWindow)
    QML_NAMED_ELEMENT(TimeWindow)
    QML_UNCREATABLE("Read it from CacheMonitor.timeWindow")
};

struct EventDensityForeign
{
    Q_GADGET
    QML_FOREIGN(CacheScope::EventDensity)
    QML_NAMED_ELEMENT(EventDensity)
};

} // namespace CacheScope::Qml
